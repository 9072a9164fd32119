using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;
using OllamaSim.Configuration;
using OllamaSim.Control;
using OllamaSim.Endpoints;
using OllamaSim.Faults;
using OllamaSim.Generation;
using OllamaSim.Inference;
using OllamaSim.Models;
using OllamaSim.OpenAi;
using OllamaSim.Scheduling;
using OllamaSim.Stats;

namespace OllamaSim;

/// <summary>Builds the simulator's web host from <see cref="SimulatorOptions"/>.</summary>
public static class SimulatorHost
{
    public static WebApplication Build(SimulatorOptions options, string[]? hostArgs = null)
    {
        // Its own folder as content root: run from the repository, it must not read the gateway's appsettings.json.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = hostArgs ?? [], ContentRootPath = AppContext.BaseDirectory });
        ConfigureLogging(builder.Logging, options);

        var refusal = new RefusalSwitch(TimeProvider.System);
        if (options.RefuseAtStart is { } refuseAtStart) _ = refusal.RefuseAsync(refuseAtStart);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = null; // blobs can be model-sized
            Listen(k, options.Host, options.Port);
            if (options.ControlPort is { } control) Listen(k, options.Host, control);
        });
        // Wrap the socket transport so the API port can really stop listening (ECONNREFUSED) and come back.
        builder.Services.AddSingleton<IConnectionListenerFactory>(sp => new RefusableListenerFactory(
            new SocketTransportFactory(Options.Create(new SocketTransportOptions()), sp.GetRequiredService<ILoggerFactory>()),
            options.Port, refusal));

        var s = builder.Services;
        s.AddSingleton(options);
        s.AddSingleton(TimeProvider.System);
        s.AddSingleton(refusal);
        s.AddSingleton(new ServerVersion(options.Version));
        s.AddSingleton(sp => new ModelCatalog(options.Models, options.EmbeddingDimensions, sp.GetRequiredService<TimeProvider>()));
        s.AddSingleton<Scheduler>();
        s.AddSingleton(new FaultInjector(options.Faults));
        s.AddSingleton<SimulatorStats>();
        s.AddSingleton<ReplyPlanner>();
        s.AddSingleton<CompletionValidator>();
        s.AddSingleton<CompletionService>();
        s.AddSingleton<CompletionEndpoints>();
        s.AddSingleton<MetadataEndpoints>();
        s.AddSingleton<EmbeddingEndpoints>();
        s.AddSingleton<ManagementEndpoints>();
        s.AddSingleton<OpenAiEndpoints>();
        s.AddSingleton<ControlEndpoints>();
        s.AddSingleton(new HostCheck(IsLoopback(options.Host)));
        s.AddSingleton(sp =>
        {
            var routes = new RouteTable();
            sp.GetRequiredService<MetadataEndpoints>().Map(routes);
            sp.GetRequiredService<CompletionEndpoints>().Map(routes);
            sp.GetRequiredService<EmbeddingEndpoints>().Map(routes);
            sp.GetRequiredService<ManagementEndpoints>().Map(routes);
            sp.GetRequiredService<OpenAiEndpoints>().Map(routes);
            sp.GetRequiredService<ControlEndpoints>().Map(routes);
            return routes;
        });
        s.AddSingleton<ApiDispatcher>();

        var app = builder.Build();
        Preload(app.Services, options);
        var dispatcher = app.Services.GetRequiredService<ApiDispatcher>();
        app.Run(dispatcher.InvokeAsync);
        return app;
    }

    static void Preload(IServiceProvider services, SimulatorOptions options)
    {
        var catalog = services.GetRequiredService<ModelCatalog>();
        var scheduler = services.GetRequiredService<Scheduler>();
        var all = options.Preload.Contains("*");
        foreach (var model in catalog.List())
            if (all || options.Preload.Any(p => ModelName.Parse(p).Key == model.Name.Key))
                scheduler.RunnerFor(model).Preload();
    }

    static void ConfigureLogging(ILoggingBuilder logging, SimulatorOptions options)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(c =>
        {
            c.SingleLine = true;
            c.TimestampFormat = "HH:mm:ss.fff ";
        });
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", options.Quiet ? LogLevel.Warning : LogLevel.Information);
        logging.AddFilter(typeof(ApiDispatcher).FullName, options.Quiet ? LogLevel.Warning : LogLevel.Information);
    }

    static void Listen(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions k, string host, int port)
    {
        if (host is "localhost") k.ListenLocalhost(port);
        else if (host is "*" or "") k.ListenAnyIP(port);
        else k.Listen(IPAddress.Parse(host), port);
    }

    static bool IsLoopback(string host) =>
        host is "localhost" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
}
