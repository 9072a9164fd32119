using Microsoft.Extensions.Options;
using ModelGateway;
using ModelGateway.Authentication;
using ModelGateway.Configuration;
using ModelGateway.Hosting;

// `keys new ...` mints an API key and exits; it needs neither configuration nor a host.
if (ApiKeyCommand.IsCommand(args)) return ApiKeyCommand.Run(args, Console.In, Console.Out, Console.Error);

// The slim builder leaves out what a Linux gateway never uses (IIS integration, HTTP/3, static web assets) and the
// assemblies they load; HTTPS endpoints from configuration are added back below.
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseKestrelHttpsConfiguration();
// The slim builder pins the console to its simple formatter; bound again, Logging:Console:FormatterName chooses.
builder.Logging.AddConsole();
builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(builder.Configuration.GetSection("Logging:Console"));

// A configuration the gateway cannot use stops it with one line per problem (ConfigurationErrorExit), never a crash.
FleetConfigurationSource fleet;
try
{
    fleet = builder.AddFleetConfiguration(args);
}
catch (FleetConfigurationException ex)
{
    return ConfigurationErrorExit.Report(ex.Problems, ex.Path, Console.Error);
}
catch (FileNotFoundException ex)
{
    return ConfigurationErrorExit.Report([ex.Message], null, Console.Error);
}
// The file alone was checked as it loaded; overrides from the environment and the command line are checked here, before
// the host is built (building it already reads the Logging section).
if (FleetConfigValidator.Validate(builder.Configuration) is { Count: > 0 } overridden)
    return ConfigurationErrorExit.Report(overridden, fleet.Path, Console.Error);

InlineIoCompletions.Apply(builder);
builder.WebHost.ConfigureKestrel((context, kestrel) =>
{
    // The gateway enforces its own (configurable) limit with a proper 413 in each API's shape.
    kestrel.Limits.MaxRequestBodySize = null;
    kestrel.AddServerHeader = false;
});
builder.Services.AddModelGateway(builder.Configuration);

var app = builder.Build();
// Every options type and every cluster and route, as reloads are checked: what would fail later fails here, named.
var check = app.Services.GetRequiredService<FleetConfigurationCheck>();
if (check.Validate() is { Count: > 0 } problems)
{
    app.DisposeAsync().AsTask().GetAwaiter().GetResult();
    return ConfigurationErrorExit.Report(problems, fleet.Path, Console.Error);
}
// Edits made from now on are published only when the same check passes on what they would produce.
if (fleet.Provider is { } provider) provider.CandidateCheck = check.Validate;

app.MapModelGateway();
// Read now: when Run fails, the host (and its configuration) is already disposed.
var urls = app.Configuration[WebHostDefaults.ServerUrlsKey];
try
{
    app.Run();
}
catch (OptionsValidationException ex)
{
    return ConfigurationErrorExit.Report(ex.Failures, fleet.Path, Console.Error);
}
catch (Exception ex) when (ListenFailure.TryDescribe(ex, urls, out var problem))
{
    // The address is taken or unusable: a problem of the set-up, not of the program, so no stack trace.
    return ConfigurationErrorExit.Report([problem], fleet.Path, Console.Error);
}
return 0;

/// <summary>Entry point, visible to in-process tests.</summary>
public partial class Program;
