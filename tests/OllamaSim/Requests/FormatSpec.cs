using System.Text.Json;
using OllamaSim.Wire;

namespace OllamaSim.Requests;

/// <summary>The <c>format</c> field: free text, <c>"json"</c>, or a JSON schema (ollama-api.md §3.5).</summary>
public sealed class FormatSpec
{
    public static readonly FormatSpec Text = new(FormatKind.Text, default);
    public static readonly FormatSpec AnyJson = new(FormatKind.Json, default);

    public FormatKind Kind { get; }
    public JsonElement Schema { get; }

    FormatSpec(FormatKind kind, JsonElement schema)
    {
        Kind = kind;
        Schema = schema;
    }

    /// <summary>Invalid formats fail like Ollama's runner: a 500 quoting the raw JSON.</summary>
    public static FormatSpec From(JsonElement? format)
    {
        if (format is not { } f) return Text;
        if (f.ValueKind == JsonValueKind.String)
        {
            var s = f.GetString();
            if (s == "") return Text;
            if (s == "json") return AnyJson;
        }
        else if (f.ValueKind == JsonValueKind.Object)
            return new FormatSpec(FormatKind.Schema, f.Clone());
        throw new ApiError(500, $"invalid format: {GoQuote.Quote(f.GetRawText())}; expected \"json\" or a valid JSON Schema object", fromRunner: true);
    }
}
