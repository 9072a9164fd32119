using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OllamaSim.Configuration;
using OllamaSim.Faults;
using OllamaSim.Generation;
using OllamaSim.Models;
using OllamaSim.Requests;
using OllamaSim.Scheduling;
using OllamaSim.Stats;
using OllamaSim.Wire;

namespace OllamaSim.Endpoints;

/// <summary><c>POST /api/embed</c> (normalised float32 batches) and the legacy <c>POST /api/embeddings</c> (§11–12).</summary>
public sealed class EmbeddingEndpoints(
    SimulatorOptions options,
    ModelCatalog catalog,
    Scheduler scheduler,
    FaultInjector faults,
    SimulatorStats stats,
    ServerVersion version,
    TimeProvider time)
{
    public void Map(RouteTable routes) => routes
        .Map("POST", "/api/embed", EmbedAsync)
        .Map("POST", "/api/embeddings", EmbeddingsAsync);

    async Task EmbedAsync(HttpContext context)
    {
        using var inFlight = stats.BeginInference();
        var started = time.GetTimestamp();
        using var body = await RequestBody.ReadAsync(context.Request, "api.EmbedRequest");
        var f = new JsonFields(body.RootElement, "EmbedRequest");
        var requested = f.String("model") ?? "";
        var truncate = f.Bool("truncate") ?? true;
        var dimensions = f.Int("dimensions") ?? 0;
        var keepAlive = KeepAliveValue.From(f);
        var optionsJson = f.ObjectField("options", "map[string]interface {}");
        var inputs = Inputs(f.Get("input"));

        if (requested.Length == 0) throw ApiError.NotFound("model '' not found");
        var model = Resolve(requested);
        if (optionsJson is { } o) SamplingOptions.From(o);
        stats.CountModel(model.Name.Display);
        var runner = scheduler.RunnerFor(model);

        if (inputs.Count == 0)
        {
            await LoadOnlyAsync(runner, keepAlive, context.RequestAborted);
            await JsonBody.WriteAsync(context.Response, 200, w =>
            {
                w.WriteStartObject();
                w.WriteString("model", requested);
                w.WriteStartArray("embeddings");
                w.WriteEndArray();
                w.WriteEndObject();
            });
            return;
        }
        var promptTokens = inputs.Sum(i => Math.Max(1, TokenPieces.Count(i)));
        if (!truncate && inputs.Any(i => TokenPieces.Count(i) > model.ContextLength))
            throw ApiError.BadRequest("the input length exceeds the context length");

        var loadNs = await RunAsync(context, runner, keepAlive);
        if (loadNs < 0) return;
        var keep = version.EmbedHasDimensions && dimensions > 0 ? (int)Math.Min(dimensions, int.MaxValue) : (int?)null;
        var vectors = inputs.Select(i => EmbeddingSynthesizer.Normalized(i, options.EmbeddingDimensions, keep)).ToList();
        var total = Math.Max(time.GetElapsedTime(started).Ticks * 100, loadNs + 1000);
        await JsonBody.WriteAsync(context.Response, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("model", requested);
            w.WriteStartArray("embeddings");
            foreach (var v in vectors)
            {
                w.WriteStartArray();
                foreach (var x in v) w.WriteNumberValue(x);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteNumber("total_duration", total);
            w.WriteNumber("load_duration", loadNs);
            w.WriteNumber("prompt_eval_count", promptTokens);
            w.WriteEndObject();
        });
    }

    async Task EmbeddingsAsync(HttpContext context)
    {
        using var inFlight = stats.BeginInference();
        using var body = await RequestBody.ReadAsync(context.Request, "api.EmbeddingRequest");
        var f = new JsonFields(body.RootElement, "EmbeddingRequest");
        var requested = f.String("model") ?? "";
        var prompt = f.String("prompt") ?? "";
        var keepAlive = KeepAliveValue.From(f);
        var optionsJson = f.ObjectField("options", "map[string]interface {}");
        if (requested.Length == 0) throw ApiError.BadRequest("model is required");
        var model = Resolve(requested);
        if (optionsJson is { } o) SamplingOptions.From(o);
        stats.CountModel(model.Name.Display);
        var runner = scheduler.RunnerFor(model);

        double[] vector = [];
        if (prompt.Length == 0)
            await LoadOnlyAsync(runner, keepAlive, context.RequestAborted);
        else
        {
            if (await RunAsync(context, runner, keepAlive) < 0) return;
            vector = EmbeddingSynthesizer.Raw(prompt, options.EmbeddingDimensions);
        }
        await JsonBody.WriteAsync(context.Response, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("embedding");
            foreach (var x in vector) w.WriteNumberValue(x);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    InstalledModel Resolve(string requested)
    {
        if (!ModelName.TryParse(requested, out var name)) throw ApiError.BadRequest("invalid model name");
        var model = catalog.Find(name) ?? throw ApiError.NotFound($"model {GoQuote.Quote(requested)} not found, try pulling it first");
        if (!model.Has(Capability.Embedding))
            throw ApiError.BadRequest($"{GoQuote.Quote(requested)} does not support embeddings");
        return model;
    }

    /// <summary>Faults, slot, load and compute time; returns the load duration in ns, or -1 when the connection was dropped.</summary>
    async Task<long> RunAsync(HttpContext context, ModelRunner runner, TimeSpan? keepAlive)
    {
        var ct = context.RequestAborted;
        var fault = faults.Draw();
        if (fault == FaultKind.Fail) throw new ApiError(500, FaultInjector.FailureMessage, fromRunner: true);
        if (fault == FaultKind.Hang) await Task.Delay(Timeout.InfiniteTimeSpan, time, ct);
        using var lease = await runner.AcquireAsync(ct);
        lease.KeepAlive = keepAlive;
        var load = await runner.EnsureLoadedAsync(ct);
        var compute = options.TimeToFirstToken + TimeSpan.FromMilliseconds(faults.Settings.SlowFirstTokenMs);
        if (compute > TimeSpan.Zero) await Task.Delay(compute, time, ct);
        if (fault == FaultKind.Drop)
        {
            await ConnectionDrop.AbortAfterFlushAsync(context);
            return -1;
        }
        return Math.Max(1000, load.Ticks * 100);
    }

    static async Task LoadOnlyAsync(ModelRunner runner, TimeSpan? keepAlive, CancellationToken ct)
    {
        if (keepAlive == TimeSpan.Zero)
        {
            runner.Unload();
            return;
        }
        using var lease = await runner.AcquireAsync(ct);
        lease.KeepAlive = keepAlive;
        await runner.EnsureLoadedAsync(ct);
    }

    static List<string> Inputs(JsonElement? input)
    {
        if (input is not { } i) return [];
        switch (i.ValueKind)
        {
            case JsonValueKind.String:
                var s = i.GetString()!;
                return s.Length == 0 ? [] : [s];
            case JsonValueKind.Array:
                var list = new List<string>();
                foreach (var item in i.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String) throw ApiError.BadRequest("invalid input type");
                    list.Add(item.GetString()!);
                }
                return list;
            default:
                throw ApiError.BadRequest("invalid input type");
        }
    }
}
