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
builder.AddFleetConfiguration(args);
InlineIoCompletions.Apply(builder);
builder.WebHost.ConfigureKestrel((context, kestrel) =>
{
    // The gateway enforces its own (configurable) limit with a proper 413 in each API's shape.
    kestrel.Limits.MaxRequestBodySize = null;
    kestrel.AddServerHeader = false;
});
builder.Services.AddModelGateway(builder.Configuration);

var app = builder.Build();
app.MapModelGateway();
app.Run();
return 0;

/// <summary>Entry point, visible to in-process tests.</summary>
public partial class Program;
