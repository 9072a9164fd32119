using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using ModelGateway.Authentication;
using ModelGateway.Configuration;
using ModelGateway.Errors;
using ModelGateway.Forwarding;
using ModelGateway.Inventory;
using ModelGateway.Routing;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace ModelGateway.Ollama;

/// <summary>
/// Ollama's model-management endpoints (/api/pull, push, delete, create, copy, blobs) for admin keys only. They
/// change workers' disks, so they go to every healthy worker of the cluster serving the named model (for a create or
/// copy of a new name, the cluster serving the model it starts from), or, for a model no cluster serves yet (and for
/// blobs and deletes), to every healthy Ollama worker; push goes to one of them. Several workers'
/// progress streams are merged into one, ending with a single success line once all succeeded, or an error line
/// naming the worker that failed. After a pull, copy, create or delete, the workers' inventories are refreshed before
/// the answer completes (before its success line, when streamed), so the model can be listed and used at once.
/// </summary>
internal sealed partial class OllamaManagementHandler
{
    /// <summary>The operations that change which models a worker has (push and blobs do not).</summary>
    static readonly string[] InventoryChangingPaths = ["/api/pull", "/api/copy", "/api/create", "/api/delete"];

    readonly IProxyStateLookup _proxyState;
    readonly IModelRouter _router;
    readonly WorkerInventoryPoller _inventory;
    readonly IOptionsMonitor<GatewayOptions> _options;
    readonly ILogger<OllamaManagementHandler> _logger;

    public OllamaManagementHandler(IProxyStateLookup proxyState, IModelRouter router, WorkerInventoryPoller inventory,
        IOptionsMonitor<GatewayOptions> options, ILogger<OllamaManagementHandler> logger)
    {
        _proxyState = proxyState;
        _router = router;
        _inventory = inventory;
        _options = options;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var caller = context.Features.Get<IApiKeyFeature>();
        var path = Canonical(context.Request.Path.Value ?? "");
        if (caller is not { IsAdmin: true })
        {
            await ApiErrorResponder.WriteAsync(context, AccessErrors.ManagementForbidden(caller, path));
            return;
        }

        var body = Array.Empty<byte>();
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            var read = await RequestBodyReader.ReadAsync(context.Request, _options.CurrentValue.MaxRequestBodyBytes, context.RequestAborted);
            if (read is null)
            {
                await OllamaError.WriteAsync(context.Response, StatusCodes.Status413PayloadTooLarge, $"request body larger than {_options.CurrentValue.MaxRequestBodyBytes} bytes");
                return;
            }
            body = read;
        }

        // A delete goes everywhere: a pull of a model no cluster served went to every worker, and the model must not
        // survive on the clusters that do not serve it now (workers without it answer 404, which a delete tolerates).
        var targets = path.StartsWith("/api/blobs/", StringComparison.Ordinal) || path == "/api/delete"
            ? EveryOllamaWorker()
            : Targets(NamedModels(body));
        if (targets.Count == 0)
        {
            await OllamaError.WriteAsync(context.Response, StatusCodes.Status503ServiceUnavailable, "no healthy Ollama worker to send this to", TimeSpan.FromSeconds(1));
            return;
        }
        if (path == "/api/push") targets = targets.Take(1).ToList();
        Log.Forwarding(_logger, caller.Name, context.Request.Method, path, targets.Count);

        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var replies = await Task.WhenAll(targets.Select(t => SendAsync(t, context.Request, path, body, cancellation.Token)));
        try
        {
            await AnswerAsync(context, path, replies);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        finally
        {
            cancellation.Cancel();
            foreach (var reply in replies) reply.Message?.Dispose();
        }
    }

    async Task AnswerAsync(HttpContext context, string path, Reply[] replies)
    {
        var changesModels = InventoryChangingPaths.Contains(path, StringComparer.OrdinalIgnoreCase);
        Func<Task> refresh = changesModels ? () => RefreshInventoryAsync(replies, context.RequestAborted) : () => Task.CompletedTask;
        var succeeded = replies.Where(r => r.Message is { IsSuccessStatusCode: true }).ToList();
        // Deleting a model some workers never had is still a successful delete.
        var failed = replies.Where(r => r.Message is not { IsSuccessStatusCode: true }
            && !(path == "/api/delete" && r.Message?.StatusCode == HttpStatusCode.NotFound && succeeded.Count > 0)).ToList();
        if (failed.Count > 0)
        {
            var failure = failed[0];
            var status = failure.Message is { } m ? (int)m.StatusCode : StatusCodes.Status502BadGateway;
            var message = failure.Message is { } fm ? ErrorText(await fm.Content.ReadAsStringAsync(context.RequestAborted), status) : failure.Error!;
            // The workers that succeeded did change.
            await refresh();
            await OllamaError.WriteAsync(context.Response, status, $"worker {failure.Destination.DestinationId}: {message}");
            return;
        }

        var first = succeeded[0].Message!;
        if (changesModels && !IsNdjson(first))
        {
            // A plain answer comes once the work is done; read whole, so the refresh precedes the answer's first byte.
            foreach (var reply in succeeded) await reply.Message!.Content.LoadIntoBufferAsync(context.RequestAborted);
            await refresh();
        }
        context.Response.StatusCode = (int)first.StatusCode;
        if (first.Content.Headers.ContentType is { } type) context.Response.ContentType = type.ToString();
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        if (changesModels && succeeded.Count == 1 && IsNdjson(first))
        {
            await RelayProgressAsync(context, first, refresh);
            return;
        }
        if (succeeded.Count == 1 || !IsNdjson(first))
        {
            // One worker (or a plain answer, identical on each): relay the first as it arrives.
            await using var stream = await first.Content.ReadAsStreamAsync(context.RequestAborted);
            await stream.CopyToAsync(context.Response.Body, context.RequestAborted);
            return;
        }
        await MergeProgressAsync(context, succeeded, refresh);
    }

    /// <summary>One worker's progress stream as it arrives, its success line held until <paramref name="beforeSuccess"/> is done.</summary>
    static async Task RelayProgressAsync(HttpContext context, HttpResponseMessage reply, Func<Task> beforeSuccess)
    {
        using var reader = new StreamReader(await reply.Content.ReadAsStreamAsync(context.RequestAborted), Encoding.UTF8);
        while (await reader.ReadLineAsync(context.RequestAborted) is { } line)
        {
            if (line.Length == 0) continue;
            if ((string?)TryParse(line)?["status"] == "success") await beforeSuccess();
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }

    static async Task MergeProgressAsync(HttpContext context, List<Reply> replies, Func<Task> beforeLastLine)
    {
        var lines = Channel.CreateUnbounded<byte[]>();
        string? error = null;
        var readers = replies.Select(async reply =>
        {
            using var reader = new StreamReader(await reply.Message!.Content.ReadAsStreamAsync(context.RequestAborted), Encoding.UTF8);
            while (await reader.ReadLineAsync(context.RequestAborted) is { } line)
            {
                if (line.Length == 0) continue;
                var parsed = TryParse(line);
                if (parsed?["error"] is { } e) { error ??= $"worker {reply.Destination.DestinationId}: {e}"; continue; }
                // Each worker's own success line is held back: one success is written when all are done.
                if ((string?)parsed?["status"] == "success") continue;
                await lines.Writer.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), context.RequestAborted);
            }
        }).ToList();
        var done = Task.WhenAll(readers).ContinueWith(t => lines.Writer.TryComplete(t.Exception), TaskScheduler.Default);
        await foreach (var line in lines.Reader.ReadAllAsync(context.RequestAborted))
        {
            await context.Response.Body.WriteAsync(line, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
        await done;
        await beforeLastLine();
        var last = error is null ? "{\"status\":\"success\"}" : Encoding.UTF8.GetString(ModelGateway.Transforms.Errors.OllamaErrorWriter.ToBytes(error));
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(last + "\n"), context.RequestAborted);
    }

    /// <summary>Polls every worker that answered; one that did not is left to the regular poll.</summary>
    Task RefreshInventoryAsync(Reply[] replies, CancellationToken cancellationToken)
        => Task.WhenAll(replies.Where(r => r.Message is not null)
            .Select(r => _inventory.RefreshAsync(r.Target.Cluster, r.Target.Destination, cancellationToken)));

    /// <summary>
    /// The healthy workers of the cluster serving the first of <paramref name="models"/> that a cluster serves (the
    /// model itself, else the one a create or copy starts from: only workers that have it can make the new one), else
    /// every healthy Ollama worker.
    /// </summary>
    List<Target> Targets(IEnumerable<string> models)
    {
        foreach (var model in models)
        {
            if (_router.Resolve(model) is { } route && _proxyState.TryGetCluster(route.ClusterId, out var serving))
                return serving.DestinationsState.AvailableDestinations.Select(d => new Target(serving, d)).ToList();
        }
        return EveryOllamaWorker();
    }

    List<Target> EveryOllamaWorker()
    {
        var targets = new List<Target>();
        foreach (var cluster in _proxyState.GetClusters())
        {
            var protocol = cluster.Model.Config.Metadata?.GetValueOrDefault("Protocol");
            if (protocol is not null && !string.Equals(protocol, WorkerProtocolNames.Ollama, StringComparison.OrdinalIgnoreCase)) continue;
            targets.AddRange(cluster.DestinationsState.AvailableDestinations.Select(d => new Target(cluster, d)));
        }
        return targets;
    }

    /// <summary>
    /// The model an operation names (<c>model</c>, <c>name</c>), then the one it starts from (<c>source</c> of a copy,
    /// <c>from</c> of a create); field names matched as Ollama's decoder matches them, the last of repeated ones winning.
    /// A body that is not a JSON object names none (the workers answer it with their own error).
    /// </summary>
    static readonly byte[][] NamingFields = ["model"u8.ToArray(), "name"u8.ToArray(), "source"u8.ToArray(), "from"u8.ToArray()];

    static List<string> NamedModels(byte[] body)
    {
        var values = new string?[NamingFields.Length];
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return [];
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = Encoding.UTF8.GetBytes(reader.GetString()!);
                reader.Read();
                var index = -1;
                for (var i = 0; i < NamingFields.Length && index < 0; i++)
                    if (GoJsonName.Matches(name, NamingFields[i])) index = i;
                if (index >= 0 && reader.TokenType == JsonTokenType.String) values[index] = reader.GetString();
                else reader.Skip();
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return [];
        }
        return values.Where(v => ModelName.IsValid(v)).Select(v => v!).ToList();
    }

    /// <summary>
    /// The path as the workers spell it: routing matched <c>/API/Push/</c> ignoring case and a trailing slash, but the
    /// workers' router does not, and the checks here (push goes to one worker) compare the exact path.
    /// </summary>
    static string Canonical(string path)
    {
        const string blobs = "/api/blobs/";
        if (path.StartsWith(blobs, StringComparison.OrdinalIgnoreCase)) return blobs + path[blobs.Length..];
        var trimmed = path.TrimEnd('/');
        return OllamaEndpointRouteBuilderExtensions.ManagementPaths.FirstOrDefault(p => p.Equals(trimmed, StringComparison.OrdinalIgnoreCase)) ?? path;
    }

    static async Task<Reply> SendAsync(Target target, HttpRequest incoming, string path, byte[] body, CancellationToken cancellationToken)
    {
        var address = target.Destination.Model.Config.Address.TrimEnd('/');
        using var request = new HttpRequestMessage(new HttpMethod(incoming.Method), address + new PathString(path).ToUriComponent() + incoming.QueryString)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        if (body.Length > 0)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", incoming.ContentType ?? "application/json");
        }
        try
        {
            return new Reply(target, await target.Cluster.Model.HttpClient.SendAsync(request, cancellationToken), null);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new Reply(target, null, "unreachable: " + ex.Message);
        }
    }

    static bool IsNdjson(HttpResponseMessage message)
        => message.Content.Headers.ContentType?.MediaType?.Contains("ndjson", StringComparison.OrdinalIgnoreCase) == true;

    static string ErrorText(string body, int status)
        => TryParse(body)?["error"]?.ToString() is { Length: > 0 } text ? text : body.Length > 0 ? body : $"status {status}";

    /// <summary>A worker's line or answer as a JSON object; null for anything else (an array, bad JSON, a field given twice).</summary>
    static JsonObject? TryParse(string text)
    {
        try
        {
            // Count builds the object's table, which is where a repeated field throws.
            return JsonNode.Parse(text) is JsonObject json && json.Count >= 0 ? json : null;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            return null;
        }
    }

    readonly record struct Target(ClusterState Cluster, DestinationState Destination);

    readonly record struct Reply(Target Target, HttpResponseMessage? Message, string? Error)
    {
        public DestinationState Destination => Target.Destination;
    }

    static partial class Log
    {
        [LoggerMessage(EventId = 25, Level = LogLevel.Information, Message = "Admin key {Caller}: {Method} {Path} forwarded to {Workers} workers")]
        public static partial void Forwarding(ILogger logger, string caller, string method, string path, int workers);
    }
}
