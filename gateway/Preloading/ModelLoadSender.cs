using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ModelGateway.Forwarding;
using Yarp.ReverseProxy.Model;

namespace ModelGateway.Preloading;

/// <summary>
/// Asks a worker to load a model: Ollama's <c>POST /api/generate</c> with a model, a <c>keep_alive</c> and no prompt
/// loads it and answers when it is loaded. Embedding models refuse generate ("does not support generate"), so for them
/// the same goes to <c>/api/embed</c> without input; which models those are is learnt from that answer, once.
/// Sent with the cluster's own worker client, bounded by <c>Dispatch:ResponseHeadersTimeout</c> (a cold load happens
/// inside it, as for clients).
/// </summary>
internal sealed class ModelLoadSender(IOptionsMonitor<DispatchOptions> dispatch)
{
    const int MaxErrorBytes = 4096;
    const int MaxErrorChars = 300;

    readonly ConcurrentDictionary<(string ClusterId, string Model), bool> _embeddingModels = new();

    public async Task<ModelLoadResult> LoadAsync(ClusterState cluster, DestinationState destination, string workerModel, KeptModel kept, CancellationToken cancellationToken)
    {
        var timeout = dispatch.CurrentValue.ResponseHeadersTimeout;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        var key = (cluster.ClusterId, kept.Normalized);
        try
        {
            if (!_embeddingModels.ContainsKey(key))
            {
                var (status, error) = await SendAsync(cluster, destination, "/api/generate", workerModel, kept.KeepAlive, bounded.Token);
                if (!(status == HttpStatusCode.BadRequest && error?.Contains("does not support generate", StringComparison.OrdinalIgnoreCase) == true))
                    return Result(status, error);
                _embeddingModels.TryAdd(key, true);
            }
            var embed = await SendAsync(cluster, destination, "/api/embed", workerModel, kept.KeepAlive, bounded.Token);
            return Result(embed.Status, embed.Error);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ModelLoadResult.Failed($"no answer within Dispatch:ResponseHeadersTimeout ({timeout.TotalSeconds:0.###} s)");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return ModelLoadResult.Failed(ex.Message);
        }
    }

    static ModelLoadResult Result(HttpStatusCode status, string? error)
        => (int)status is >= 200 and < 300 ? ModelLoadResult.Loaded
            : ModelLoadResult.Failed($"{(int)status} {error}".TrimEnd(), modelMissing: status == HttpStatusCode.NotFound);

    static async Task<(HttpStatusCode Status, string? Error)> SendAsync(ClusterState cluster, DestinationState destination, string path, string workerModel,
        TimeSpan keepAlive, CancellationToken cancellationToken)
    {
        var address = destination.Model.Config.Address;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address.EndsWith('/') ? address[..^1] + path : address + path))
        {
            Content = new ByteArrayContent(Body(workerModel, keepAlive)) { Headers = { ContentType = new("application/json") } },
        };
        using var response = await cluster.Model.HttpClient.SendAsync(request, cancellationToken);
        // Read to the end either way, so the connection can be used again; an error's text is kept for the log.
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxErrorBytes];
        byte[]? discard = null;
        var length = 0;
        while (true)
        {
            // Past the first few KB the text is not kept, only read.
            var read = await body.ReadAsync(length < buffer.Length ? buffer.AsMemory(length) : discard ??= new byte[1024], cancellationToken);
            if (read == 0) break;
            if (length < buffer.Length) length += read;
        }
        return (response.StatusCode, response.IsSuccessStatusCode ? null : ErrorText(buffer.AsSpan(0, length)));
    }

    static byte[] Body(string workerModel, TimeSpan keepAlive)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("model", workerModel);
            writer.WriteNumber("keep_alive", KeepAliveValue.ToSeconds(keepAlive));
            writer.WriteEndObject();
        }
        return stream.ToArray();
    }

    /// <summary>Ollama's <c>{"error":"..."}</c> text, else the start of the body.</summary>
    static string ErrorText(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var doc = JsonDocument.ParseValue(ref reader);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
                return Cut(error.GetString()!);
        }
        catch (JsonException) { }
        return Cut(Encoding.UTF8.GetString(body));
    }

    static string Cut(string text) => text.Length <= MaxErrorChars ? text.Trim() : text[..MaxErrorChars].Trim() + "…";
}
