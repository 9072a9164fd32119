using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ModelGateway.CrossOrigin;

public static class CrossOriginServiceCollectionExtensions
{
    /// <summary>Browser access (CORS) for the origins in <c>Cors:AllowedOrigins</c>; none by default.</summary>
    public static IServiceCollection AddCrossOriginAccess(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<CrossOriginOptions>().Bind(config.GetSection(CrossOriginOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CrossOriginOptions>, CrossOriginOptionsValidator>());
        services.AddCors();
        services.Replace(ServiceDescriptor.Singleton<ICorsPolicyProvider, CrossOriginPolicyProvider>());
        return services;
    }

    /// <summary>
    /// Before the API keys: a browser's preflight carries no key, and a refusal must still carry the CORS headers for
    /// the page to read it. Only requests with an <c>Origin</c> (browsers) enter the CORS middleware: it takes its policy
    /// provider from the request's services, which would cost every other request a DI scope of its own.
    /// </summary>
    public static IApplicationBuilder UseCrossOriginAccess(this IApplicationBuilder app)
        => app.UseWhen(static context => context.Request.Headers.ContainsKey(HeaderNames.Origin), static browser => browser.UseCors());
}
