using ModelGateway;
using ModelGateway.Authentication;
using ModelGateway.Configuration;
using ModelGateway.Hosting;

// `keys new ...` mints an API key and exits; it needs neither configuration nor a host.
if (ApiKeyCommand.IsCommand(args)) return ApiKeyCommand.Run(args, Console.In, Console.Out, Console.Error);

var builder = WebApplication.CreateBuilder(args);
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
