using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;

namespace ModelGateway.Configuration;

/// <summary>
/// The check of the whole configuration, the same at start-up and before an edit of the fleet file is published:
/// <list type="number">
/// <item>the fleet rules (<see cref="FleetConfigValidator"/>), which name the exact key of hand-edited mistakes;</item>
/// <item>every options type the services registered — each bound from configuration and validated exactly as the options
/// system does it when a service reads it, so a section added later is covered without being listed here;</item>
/// <item>every cluster and route converted, filtered and validated as YARP itself does before applying them.</item>
/// </list>
/// It reads configuration as the calling thread sees it: during a reload that is the candidate edit
/// (<see cref="FleetConfigurationProvider.CandidateCheck"/>).
/// </summary>
internal sealed partial class FleetConfigurationCheck
{
    readonly IServiceProvider _services;
    readonly IConfiguration _config;

    public FleetConfigurationCheck(IServiceProvider services, IConfiguration config, IEnumerable<ServiceDescriptor> registrations)
    {
        _services = services;
        _config = config;
        Options = Discover(registrations);
    }

    /// <summary>The options checked: every type with a configuration change source or a validator, by name.</summary>
    public IReadOnlyList<OptionsProbe> Options { get; }

    /// <summary>One line per problem, each naming the key at fault where the check can tell it; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = FleetConfigValidator.Validate(_config).ToList();
        // These name the keys precisely; the checks below would repeat some of them in the framework's words.
        if (problems.Count > 0) return problems;

        using (var scope = _services.CreateScope())
        {
            foreach (var probe in Options) probe.Check(scope.ServiceProvider, problems);
        }
        CheckReverseProxy(problems);
        return problems.Distinct(StringComparer.Ordinal).ToList();
    }

    static List<OptionsProbe> Discover(IEnumerable<ServiceDescriptor> registrations)
    {
        var found = new List<(Type Type, string Name)>();
        foreach (var d in registrations)
        {
            if (d.IsKeyedService || !d.ServiceType.IsGenericType || d.ServiceType.ContainsGenericParameters) continue;
            var definition = d.ServiceType.GetGenericTypeDefinition();
            if (definition != typeof(IOptionsChangeTokenSource<>) && definition != typeof(IValidateOptions<>)) continue;
            var type = d.ServiceType.GetGenericArguments()[0];
            // Its validator runs FleetConfigValidator, which Validate has already run.
            if (type == typeof(ConfigurationServiceCollectionExtensions.FleetValidationMarker)) continue;
            // A change source registered as an instance says which named options it feeds (IOptionsChangeTokenSource<T>.Name).
            var name = d.ImplementationInstance is { } instance ? d.ServiceType.GetProperty("Name")?.GetValue(instance) as string : null;
            found.Add((type, name ?? Microsoft.Extensions.Options.Options.DefaultName));
        }
        return found.Distinct()
            .Select(o => (OptionsProbe)Activator.CreateInstance(typeof(OptionsProbe<>).MakeGenericType(o.Type), o.Name)!)
            .ToList();
    }

    /// <summary>
    /// YARP converts the <c>ReverseProxy</c> section itself, and on a reload it only logs what it refuses (keeping its
    /// previous clusters while the rest of the gateway would move on). Each cluster and route is put through the same
    /// steps here — conversion, the gateway's config filters, YARP's <see cref="IConfigValidator"/> with every policy
    /// the gateway registered — so what YARP would refuse is rejected before anything is published.
    /// </summary>
    void CheckReverseProxy(List<string> problems)
    {
        IConfigValidator? validator;
        IProxyConfigFilter[] filters;
        try
        {
            validator = _services.GetService<IConfigValidator>();
            filters = _services.GetServices<IProxyConfigFilter>().ToArray();
        }
        catch (OptionsValidationException ex)
        {
            // At start-up YARP's validator is created here, with the policies it depends on (the CORS policy reads Cors
            // options): a bad value there was reported above by its options probe, and is not a crash.
            problems.AddRange(ex.Failures.Where(f => !problems.Contains(f, StringComparer.Ordinal)));
            return;
        }
        if (validator is null) return;

        var clusters = new Dictionary<string, ClusterConfig>(StringComparer.OrdinalIgnoreCase);
        foreach (var section in _config.GetSection("ReverseProxy:Clusters").GetChildren())
        {
            ClusterConfig cluster;
            try
            {
                cluster = ReadAsYarp(section).Clusters.Single();
                foreach (var filter in filters) cluster = Wait(filter.ConfigureClusterAsync(cluster, CancellationToken.None));
            }
            catch (Exception ex)
            {
                problems.Add($"{section.Path}: {FleetConfigurationProvider.Describe(ex)}");
                continue;
            }
            var errors = Wait(validator.ValidateClusterAsync(cluster));
            foreach (var error in errors) problems.Add($"{section.Path}: {FleetConfigurationProvider.Describe(error)}");
            if (errors.Count == 0) clusters[cluster.ClusterId] = cluster;
        }

        foreach (var section in _config.GetSection("ReverseProxy:Routes").GetChildren())
        {
            RouteConfig route;
            try
            {
                route = ReadAsYarp(section).Routes.Single();
                var cluster = route.ClusterId is { } id ? clusters.GetValueOrDefault(id) : null;
                foreach (var filter in filters) route = Wait(filter.ConfigureRouteAsync(route, cluster, CancellationToken.None));
            }
            catch (Exception ex)
            {
                problems.Add($"{section.Path}: {FleetConfigurationProvider.Describe(ex)}");
                continue;
            }
            foreach (var error in Wait(validator.ValidateRouteAsync(route))) problems.Add($"{section.Path}: {FleetConfigurationProvider.Describe(error)}");
        }
    }

    /// <summary>One cluster or route (<paramref name="section"/>) read by YARP's own configuration reader.</summary>
    static IProxyConfig ReadAsYarp(IConfigurationSection section)
    {
        // A copy of just this entry, read on this thread (which may be the one seeing a reload's candidate).
        var copy = new ConfigurationBuilder().AddInMemoryCollection(section.AsEnumerable()).Build();
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        new ReaderOnly(services).LoadFromConfig(copy.GetSection("ReverseProxy"));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IProxyConfigProvider>().GetConfig();
    }

    static T Wait<T>(ValueTask<T> task) => task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();

    /// <summary>Registers YARP's configuration reader and nothing else of YARP.</summary>
    sealed class ReaderOnly(IServiceCollection services) : IReverseProxyBuilder
    {
        public IServiceCollection Services { get; } = services;
    }

    /// <summary>Creates one options type from configuration the way a service reading it would, and reports why it cannot.</summary>
    internal abstract class OptionsProbe
    {
        public abstract Type Type { get; }
        public abstract string Name { get; }
        public abstract void Check(IServiceProvider services, List<string> problems);
    }

    sealed class OptionsProbe<T>(string name) : OptionsProbe where T : class
    {
        public override Type Type => typeof(T);
        public override string Name => name;

        public override void Check(IServiceProvider services, List<string> problems)
        {
            try
            {
                // A fresh instance: binding, configure and post-configure steps, then every IValidateOptions<T>.
                services.GetRequiredService<IOptionsFactory<T>>().Create(name);
            }
            catch (OptionsValidationException ex)
            {
                problems.AddRange(ex.Failures.Select(Simplify));
            }
            catch (Exception ex)
            {
                // Binding failures name the key and the value; what they wrap only says it again.
                problems.Add(ex is AggregateException or System.Reflection.TargetInvocationException
                    ? FleetConfigurationProvider.Describe(ex) : Simplify(ex.Message.ReplaceLineEndings(" ")));
            }
        }
    }

    /// <summary>
    /// The framework's messages, led by the key as the fleet rules' are: data annotations wrap the message (which names
    /// the key) in the options type's and member's names; the binder says "Failed to convert configuration value 'x' at
    /// 'Inventory:PollInterval' to type 'System.TimeSpan'.". Anything else is kept as it is.
    /// </summary>
    static string Simplify(string failure)
    {
        var annotation = DataAnnotationFailure().Match(failure);
        if (annotation.Success && annotation.Groups["error"].Value.Contains(':')) return annotation.Groups["error"].Value;
        if (ConfigurationBindingFailure.TryDescribe(failure, null, out var binding)) return binding;
        return failure;
    }

    [GeneratedRegex(@"^DataAnnotation validation failed for '[^']*' members: '[^']*' with the error: '(?<error>.*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotationFailure();
}
