using ModelGateway.Transforms.Ollama;
using ModelGateway.Transforms.Shared;

namespace ModelGateway.Transforms.Models;

/// <summary>An OpenAI Model object (<c>id</c>, <c>object:"model"</c>, <c>created</c>, <c>owned_by</c>).</summary>
public sealed record OpenAIModel(string Id, long Created, string OwnedBy)
{
    /// <summary>
    /// From a native <c>/api/tags</c> entry: id = its <c>model</c> (else <c>name</c>), created = modified_at,
    /// owned_by = the name's namespace (<c>library</c> for plain names).
    /// </summary>
    public static OpenAIModel FromOllama(OllamaModelEntry entry)
    {
        var id = entry.Model ?? entry.Name ?? "";
        return new OpenAIModel(id, CreatedFrom(entry.ModifiedAt), OwnerOf(id));
    }

    /// <summary>From a model id and the <c>modified_at</c> of <c>/api/show</c> (for <c>GET /v1/models/{id}</c>).</summary>
    public static OpenAIModel FromOllama(string id, string? modifiedAt) => new(id, CreatedFrom(modifiedAt), OwnerOf(id));

    /// <summary>A gateway alias listed as its own model, with the target's dates and owner.</summary>
    public OpenAIModel AsAlias(string alias) => this with { Id = alias };

    static long CreatedFrom(string? modifiedAt) => OllamaTimestamp.TryGetUnixSeconds(modifiedAt, out var seconds) ? seconds : 0;

    static string OwnerOf(string id) =>
        OllamaModelName.TryParse(id, out var name) ? name.Namespace : OllamaModelName.DefaultNamespace;
}
