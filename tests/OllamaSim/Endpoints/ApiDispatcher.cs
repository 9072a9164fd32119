using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OllamaSim.Requests;
using OllamaSim.Stats;
using OllamaSim.Wire;

namespace OllamaSim.Endpoints;

/// <summary>
/// The simulator's only middleware: host check, route lookup (404/405 texts), the shared error answer for
/// <see cref="ApiError"/>, request counting, and one log line per request.
/// </summary>
public sealed partial class ApiDispatcher(RouteTable routes, HostCheck hostCheck, SimulatorStats stats, Configuration.SimulatorOptions options, ILogger<ApiDispatcher> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var path = context.Request.Path.Value ?? "/";
        var isControl = path.StartsWith("/_sim/", StringComparison.Ordinal);
        if (!isControl) stats.CountRequest();
        try
        {
            if (!isControl && !hostCheck.Allows(context.Request.Host.Value))
            {
                context.Response.StatusCode = 403;
                return;
            }
            if (HttpMethods.IsOptions(context.Request.Method))
            {
                context.Response.StatusCode = 204;
                return;
            }
            var pathKnown = false;
            // The control port serves only the control endpoint, so nothing mistakes it for a worker.
            var onControlPort = options.ControlPort is { } cp && context.Connection.LocalPort == cp;
            var handler = onControlPort && !isControl ? null : routes.Find(context.Request.Method, path, out pathKnown);
            if (handler == null)
            {
                await JsonBody.WriteTextAsync(context.Response, pathKnown ? 405 : 404, pathKnown ? "405 method not allowed" : "404 page not found");
                return;
            }
            await handler(context);
        }
        catch (ApiError e) when (!context.Response.HasStarted)
        {
            await JsonBody.WriteErrorAsync(context.Response, e.Status, e.Message);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; Ollama would log 499 and stop. Nothing can be written any more.
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            LogUnexpected(logger, e, context.Request.Method, path);
            await JsonBody.WriteErrorAsync(context.Response, 500, e.Message);
        }
        finally
        {
            if (!isControl && logger.IsEnabled(LogLevel.Information))
                LogRequest(logger, context.Request.Method, path, context.RequestAborted.IsCancellationRequested ? 499 : context.Response.StatusCode,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method} {Path} {Status} {ElapsedMs:0.0}ms")]
    static partial void LogRequest(ILogger logger, string method, string path, int status, double elapsedMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path);
}
