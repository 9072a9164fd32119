using ModelGateway;
using ModelGateway.Configuration;
using ModelGateway.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddFleetConfiguration(args);
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

/// <summary>Entry point, visible to in-process tests.</summary>
public partial class Program;
