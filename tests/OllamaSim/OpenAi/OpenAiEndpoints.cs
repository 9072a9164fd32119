using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OllamaSim.Endpoints;
using OllamaSim.Inference;
using OllamaSim.Models;
using OllamaSim.Requests;
using OllamaSim.Stats;
using OllamaSim.Wire;

namespace OllamaSim.OpenAi;

/// <summary>Ollama's own OpenAI-compatible layer, kept small: <c>/v1/chat/completions</c>, <c>/v1/models</c>, <c>/v1/models/{id}</c>.</summary>
public sealed class OpenAiEndpoints(CompletionService service, ModelCatalog catalog, SimulatorStats stats, TimeProvider time)
{
    public void Map(RouteTable routes) => routes
        .Map("POST", "/v1/chat/completions", ChatAsync)
        .Map("GET", "/v1/models", ListModels)
        .MapPrefix("GET", "/v1/models/", GetModel);

    async Task ChatAsync(HttpContext context)
    {
        using var inFlight = stats.BeginInference();
        CompletionRequest request;
        bool includeUsage;
        JsonDocument? body = null;
        try
        {
            body = await RequestBody.ReadAsync(context.Request, "openai.ChatCompletionRequest");
            (request, includeUsage) = OpenAiRequestReader.Read(body.RootElement);
        }
        catch (ApiError e)
        {
            body?.Dispose();
            await OpenAiError.WriteAsync(context.Response, e.Status, e.Message);
            return;
        }
        using (body)
        {
            var sink = new OpenAiChatSink(context, request, includeUsage, time);
            try
            {
                await service.RunAsync(context, request, sink);
            }
            catch (ApiError e)
            {
                await sink.WriteErrorAsync(e);
            }
        }
    }

    Task ListModels(HttpContext context) => JsonBody.WriteAsync(context.Response, 200, w =>
    {
        var models = catalog.List();
        w.WriteStartObject();
        w.WriteString("object", "list");
        if (models.Count == 0) w.WriteNull("data"); // Ollama's layer writes null, not [], for an empty list
        else
        {
            w.WriteStartArray("data");
            foreach (var m in models) WriteModel(w, m);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    });

    Task GetModel(HttpContext context)
    {
        var id = Uri.UnescapeDataString(context.Request.Path.Value!["/v1/models/".Length..]);
        var model = catalog.Find(id);
        if (model == null) return OpenAiError.WriteAsync(context.Response, 404, $"model '{id}' not found");
        return JsonBody.WriteAsync(context.Response, 200, w => WriteModel(w, model));
    }

    static void WriteModel(Utf8JsonWriter w, InstalledModel m)
    {
        w.WriteStartObject();
        w.WriteString("id", m.Name.Display);
        w.WriteString("object", "model");
        w.WriteNumber("created", m.ModifiedAt.ToUnixTimeSeconds());
        w.WriteString("owned_by", m.Name.Namespace);
        w.WriteEndObject();
    }
}
