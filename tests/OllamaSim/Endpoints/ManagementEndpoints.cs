using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OllamaSim.Models;
using OllamaSim.Requests;
using OllamaSim.Scheduling;
using OllamaSim.Wire;

namespace OllamaSim.Endpoints;

/// <summary>
/// <c>/api/pull</c>, <c>/api/push</c>, <c>/api/create</c>, <c>/api/copy</c>, <c>/api/delete</c>, <c>/api/blobs/:digest</c>:
/// shapes and status codes as §16, with an in-memory "disk" (the catalog and a set of blob digests).
/// </summary>
public sealed class ManagementEndpoints(ModelCatalog catalog, Scheduler scheduler)
{
    public const string ManifestMissing = "pull model manifest: file does not exist";
    readonly ConcurrentDictionary<string, long> _blobs = new(StringComparer.Ordinal);

    public void Map(RouteTable routes) => routes
        .Map("POST", "/api/pull", PullAsync)
        .Map("POST", "/api/push", PushAsync)
        .Map("POST", "/api/create", CreateAsync)
        .Map("POST", "/api/copy", CopyAsync)
        .Map("DELETE", "/api/delete", DeleteAsync)
        .MapPrefix("HEAD", "/api/blobs/", HeadBlob)
        .MapPrefix("POST", "/api/blobs/", PostBlobAsync);

    async Task PullAsync(HttpContext context)
    {
        using var body = await RequestBody.ReadAsync(context.Request, "api.PullRequest");
        var f = new JsonFields(body.RootElement, "PullRequest");
        var text = NameField(f);
        f.Bool("insecure");
        var stream = f.Bool("stream") ?? true;
        if (!ModelName.TryParse(text, out var name)) throw ApiError.BadRequest("invalid model name");
        var existing = catalog.Find(name);
        var progress = new Progress(context, stream);
        await progress.StatusAsync("pulling manifest");
        if (existing == null && !ModelLibrary.Has(name))
        {
            await progress.FailAsync(new ApiError(500, ManifestMissing));
            return;
        }
        var model = existing ?? new InstalledModel(name, ModelLibrary.CapabilitiesOf(name), DateTimeOffset.Now, catalog.EmbeddingDimensions);
        foreach (var completed in new[] { 0, model.Size / 2, model.Size })
            await progress.LayerAsync("pulling", model.Digest, model.Size, completed);
        await progress.StatusAsync("verifying sha256 digest");
        await progress.StatusAsync("writing manifest");
        await progress.StatusAsync("removing unused layers");
        if (existing == null) catalog.Install(name, model.Capabilities);
        await progress.SuccessAsync();
    }

    async Task PushAsync(HttpContext context)
    {
        using var body = await RequestBody.ReadAsync(context.Request, "api.PushRequest");
        var f = new JsonFields(body.RootElement, "PushRequest");
        var text = NameField(f);
        f.Bool("insecure");
        var stream = f.Bool("stream") ?? true;
        if (string.IsNullOrEmpty(text)) throw ApiError.BadRequest("model is required");
        if (!ModelName.TryParse(text, out var name)) throw ApiError.BadRequest("invalid model name");
        var model = catalog.Find(name) ?? throw ApiError.NotFound($"model '{text}' not found");
        var progress = new Progress(context, stream);
        await progress.StatusAsync("retrieving manifest");
        foreach (var completed in new[] { 0, model.Size })
            await progress.LayerAsync("pushing", model.Digest, model.Size, completed);
        await progress.StatusAsync("pushing manifest");
        await progress.SuccessAsync();
    }

    async Task CreateAsync(HttpContext context)
    {
        using var body = await RequestBody.ReadAsync(context.Request, "api.CreateRequest");
        var f = new JsonFields(body.RootElement, "CreateRequest");
        var text = NameField(f);
        var from = f.String("from");
        var files = f.ObjectField("files", "map[string]string");
        var stream = f.Bool("stream") ?? true;
        if (string.IsNullOrEmpty(text)) throw ApiError.BadRequest("model is required");
        if (!ModelName.TryParse(text, out var name)) throw ApiError.BadRequest("invalid model name");
        InstalledModel? source = null;
        if (!string.IsNullOrEmpty(from))
        {
            source = catalog.Find(from) ?? throw ApiError.NotFound($"model '{from}' not found");
        }
        else if (files is null || !files.Value.EnumerateObject().Any())
            throw ApiError.BadRequest("neither 'from' or 'files' was specified");

        var progress = new Progress(context, stream);
        await progress.StatusAsync(source != null ? "reading model metadata" : "parsing GGUF");
        if (source != null) await progress.StatusAsync($"using existing layer sha256:{source.Digest}");
        if (f.String("system") is { Length: > 0 }) await progress.StatusAsync("creating system layer");
        if (f.String("template") is { Length: > 0 }) await progress.StatusAsync("creating template layer");
        await progress.StatusAsync("writing manifest");
        if (source != null) catalog.Copy(source, name);
        else catalog.Install(name, Capability.Completion | Capability.Tools);
        await progress.SuccessAsync();
    }

    async Task CopyAsync(HttpContext context)
    {
        using var body = await RequestBody.ReadAsync(context.Request, "api.CopyRequest");
        var f = new JsonFields(body.RootElement, "CopyRequest");
        var sourceText = f.String("source") ?? "";
        var destinationText = f.String("destination") ?? "";
        if (!ModelName.TryParse(sourceText, out var source)) throw ApiError.BadRequest($"source {GoQuote.Quote(sourceText)} is invalid");
        if (!ModelName.TryParse(destinationText, out var destination)) throw ApiError.BadRequest($"destination {GoQuote.Quote(destinationText)} is invalid");
        var model = catalog.Find(source) ?? throw ApiError.NotFound($"model {GoQuote.Quote(sourceText)} not found");
        catalog.Copy(model, destination);
        context.Response.StatusCode = 200;
        context.Response.ContentLength = 0;
    }

    async Task DeleteAsync(HttpContext context)
    {
        using var body = await RequestBody.ReadAsync(context.Request, "api.DeleteRequest");
        var f = new JsonFields(body.RootElement, "DeleteRequest");
        var text = NameField(f);
        if (string.IsNullOrEmpty(text)) throw ApiError.BadRequest("model is required");
        if (!ModelName.TryParse(text, out var name)) throw ApiError.BadRequest($"name {GoQuote.Quote(text)} is invalid");
        if (!catalog.Remove(name)) throw ApiError.NotFound($"model '{text}' not found");
        scheduler.Forget(name);
        context.Response.StatusCode = 200;
        context.Response.ContentLength = 0;
    }

    Task HeadBlob(HttpContext context)
    {
        var digest = Digest(context);
        if (!_blobs.ContainsKey(digest)) throw ApiError.NotFound($"blob {GoQuote.Quote(digest)} not found");
        context.Response.StatusCode = 200;
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    async Task PostBlobAsync(HttpContext context)
    {
        var digest = Digest(context);
        if (_blobs.ContainsKey(digest))
        {
            context.Response.StatusCode = 200;
            context.Response.ContentLength = 0;
            return;
        }
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[64 * 1024];
        long length = 0;
        int n;
        while ((n = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            sha.AppendData(buffer, 0, n);
            length += n;
        }
        var actual = "sha256:" + Convert.ToHexStringLower(sha.GetHashAndReset());
        if (actual != digest) throw ApiError.BadRequest($"digest mismatch, expected {GoQuote.Quote(digest)}, got {GoQuote.Quote(actual)}");
        _blobs[digest] = length;
        context.Response.StatusCode = 201;
        context.Response.ContentLength = 0;
    }

    static string Digest(HttpContext context)
    {
        var digest = context.Request.Path.Value!["/api/blobs/".Length..].Replace('-', ':');
        if (!digest.StartsWith("sha256:") || digest.Length != 71 || !digest[7..].All(char.IsAsciiHexDigitLower))
            throw ApiError.BadRequest("invalid digest format");
        return digest;
    }

    static string? NameField(JsonFields f)
    {
        var model = f.String("model");
        return string.IsNullOrEmpty(model) ? f.String("name") : model;
    }

    /// <summary>Progress objects: NDJSON lines when streaming, else only the last one (or the error) as one JSON body.</summary>
    sealed class Progress(HttpContext context, bool stream)
    {
        readonly NdjsonStream _lines = new(context.Response);

        public Task StatusAsync(string status) => WriteAsync(w => w.WriteString("status", status));

        public Task LayerAsync(string verb, string digest, long total, long completed) => WriteAsync(w =>
        {
            w.WriteString("status", $"{verb} {digest[..12]}");
            w.WriteString("digest", "sha256:" + digest);
            w.WriteNumber("total", total);
            if (completed > 0) w.WriteNumber("completed", completed);
        });

        public async Task SuccessAsync()
        {
            if (stream) await StatusAsync("success");
            else
                await JsonBody.WriteAsync(context.Response, 200, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("status", "success");
                    w.WriteEndObject();
                });
        }

        public async Task FailAsync(ApiError error)
        {
            if (!stream) throw error;
            await _lines.WriteLineAsync(w =>
            {
                w.WriteStartObject();
                w.WriteString("error", error.Message);
                w.WriteEndObject();
            }, context.RequestAborted);
        }

        async Task WriteAsync(Action<Utf8JsonWriter> fields)
        {
            if (!stream) return;
            await _lines.WriteLineAsync(w =>
            {
                w.WriteStartObject();
                fields(w);
                w.WriteEndObject();
            }, context.RequestAborted);
        }
    }
}
