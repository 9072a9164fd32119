using System.Net;
using ForwarderFloor;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Yarp.ReverseProxy.Forwarder;

FloorOptions options;
try
{
    options = FloorOptions.Parse(args, Environment.GetEnvironmentVariable(FloorOptions.SocketsVariable));
}
catch (FormatException e)
{
    Console.Error.WriteLine("ForwarderFloor: " + e.Message);
    Console.Error.WriteLine(FloorOptions.Usage);
    return 2;
}

// The command line is ours, not configuration: the host gets no arguments. The content root is the program's own
// directory, so the benchmark's working directory (the repository, with the gateway's appsettings.json) does not leak in.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
builder.Logging.SetMinimumLevel(LogLevel.Warning);
if (options.InlineIoCompletions)
{
    // As the gateway does it: the runtime reads the switch when the first socket is created, so set it before the host starts.
    Environment.SetEnvironmentVariable(FloorOptions.SocketsVariable, "1");
    builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
}
builder.WebHost.ConfigureKestrel(kestrel =>
{
    // The gateway's Kestrel settings (gateway/Program.cs).
    kestrel.Limits.MaxRequestBodySize = null;
    kestrel.AddServerHeader = false;
    foreach (var port in options.Routes.Keys) kestrel.Listen(IPAddress.Loopback, port);
});
builder.Services.AddHttpForwarder();

var app = builder.Build();
var forwarder = app.Services.GetRequiredService<IHttpForwarder>();
// One invoker for every upstream, with the settings YARP's ForwarderHttpClientFactory gives the gateway's clusters.
var invoker = new HttpMessageInvoker(new SocketsHttpHandler
{
    UseProxy = false,
    AllowAutoRedirect = false,
    AutomaticDecompression = DecompressionMethods.None,
    UseCookies = false,
    EnableMultipleHttp2Connections = true,
    ConnectTimeout = TimeSpan.FromSeconds(15),
}, disposeHandler: true);
var upstreams = options.Routes;

// No routing and no other middleware: the listening port picks the upstream, the request goes on as it came.
// The forwarder has already answered a failed request itself; its error value is not needed here.
#pragma warning disable ASP0016
app.Run(context => forwarder.SendAsync(context, upstreams[context.Connection.LocalPort], invoker, ForwarderRequestConfig.Empty, HttpTransformer.Empty).AsTask());
#pragma warning restore ASP0016
app.Run();
return 0;
