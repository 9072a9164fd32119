using OllamaSim.Configuration;
using OllamaSim.Models;
using OllamaSim.Requests;

namespace OllamaSim.Inference;

/// <summary>
/// Checks a decoded chat/generate request in Ollama's order and with its exact texts (§3.6, §4.6, §5, §17):
/// model name, raw-mode conflicts, top_logprobs, model presence, capabilities, then options and format.
/// </summary>
public sealed class CompletionValidator(ModelCatalog catalog, ServerVersion version)
{
    public InstalledModel Validate(CompletionRequest request)
    {
        var isChat = request.Kind == CompletionKind.Chat;
        if (request.Model.Length == 0)
            throw isChat ? ApiError.BadRequest("model is required") : ApiError.NotFound("model '' not found");
        if (!ModelName.TryParse(request.Model, out var name)) throw ApiError.BadRequest("invalid model name");
        if (request.Raw && (request.HasTemplateOrContext || !string.IsNullOrEmpty(request.System)))
            throw ApiError.BadRequest("raw mode does not support template, system, or context");
        if (version.HasLogprobs && request.TopLogprobs is < 0 or > 20)
            throw ApiError.BadRequest("top_logprobs must be between 0 and 20");
        var model = catalog.Find(name) ?? throw ApiError.NotFound($"model '{request.Model}' not found");

        if (!model.Has(Capability.Completion))
            throw ApiError.BadRequest($"{Wire.GoQuote.Quote(request.Model)} does not support {(isChat ? "chat" : "generate")}");
        if (request.Tools.Count > 0 && !model.Has(Capability.Tools))
            throw ApiError.BadRequest($"{model.Name.Full} does not support tools");
        if (!string.IsNullOrEmpty(request.Suffix) && !model.Has(Capability.Insert))
            throw ApiError.BadRequest($"{model.Name.Full} does not support insert");
        if (request.Think is { Present: true, Enabled: true } && !model.Has(Capability.Thinking))
            throw ApiError.BadRequest($"{Wire.GoQuote.Quote(request.Model)} does not support thinking");

        if (request.OptionsJson is { } options) request.Options = SamplingOptions.From(options);
        if (request.FormatJson is { } format) request.Format = FormatSpec.From(format);
        return model;
    }
}
