using System.Text;
using System.Text.Json;

namespace ModelGateway.Forwarding;

/// <summary>
/// Finds the top-level <c>model</c> (or the deprecated <c>name</c>) of an Ollama request body without building a
/// document, checks the whole body is well-formed JSON, and can splice in another model name for aliases.
/// </summary>
/// <remarks>
/// The field is found the way the worker's decoder will find it, since the model it names is the one the caller's key
/// is checked against: Ollama's Go decoder matches names ignoring case and the last of repeated fields wins, so
/// <c>{"model":"allowed","MODEL":"other"}</c> runs <c>other</c> there and must be read as <c>other</c> here.
/// </remarks>
/// <param name="IsDeprecatedName">Found under the deprecated <c>name</c>, which Ollama reads only where its request type has it (show and management).</param>
public readonly record struct ModelField(string? Value, int TokenStart, int TokenLength, bool IsDeprecatedName = false)
{
    /// <summary>Null error = parsed; otherwise a message in the spirit of Ollama's decoder errors.</summary>
    /// <param name="ignoreCase">
    /// Match the names as Go does (Ollama's native bodies); false for OpenAI bodies, whose decoders (and the gateway's
    /// own parser) are case-sensitive.
    /// </param>
    public static (ModelField Field, string? Error) Find(ReadOnlySpan<byte> body, bool ignoreCase = true)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 128 });
        ModelField model = default, name = default;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return (default, NotAnObject(reader.TokenType));
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                {
                    var kind = KindOf(ref reader, ignoreCase);
                    var isModel = kind == Kind.Model;
                    var isName = kind == Kind.Name;
                    reader.Read();
                    if (isModel || isName)
                    {
                        if (reader.TokenType == JsonTokenType.String)
                        {
                            var field = new ModelField(reader.GetString(), (int)reader.TokenStartIndex, (int)(reader.BytesConsumed - reader.TokenStartIndex), isName);
                            if (isModel) model = field; else name = field;
                        }
                        else if (reader.TokenType != JsonTokenType.Null)
                        {
                            return (default, NotAString(reader.TokenType, isModel));
                        }
                    }
                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip();
                }
            }
        }
        catch (JsonException ex)
        {
            return (default, "invalid JSON: " + ex.Message);
        }
        catch (InvalidOperationException)
        {
            // A property name whose escapes cannot become text (a lone surrogate): not something Go reads as "model".
            return (default, "invalid JSON: a property name is not valid text");
        }
        return (Chosen(model, name), null);
    }

    internal enum Kind : byte { None, Model, Name }

    /// <summary>Whether the property name the reader is on is <c>model</c>, <c>name</c> or neither.</summary>
    /// <param name="ignoreCase">Match as Ollama's Go decoder does (<see cref="GoJsonName"/>); false: exact names.</param>
    internal static Kind KindOf(ref Utf8JsonReader reader, bool ignoreCase)
    {
        if (!ignoreCase) return reader.ValueTextEquals("model"u8) ? Kind.Model : reader.ValueTextEquals("name"u8) ? Kind.Name : Kind.None;
        // "\u004dodel" is "Model" too; a name longer than "model" with every letter escaped cannot be either.
        Span<byte> unescaped = stackalloc byte[6 * 5];
        scoped ReadOnlySpan<byte> text = reader.ValueSpan;
        if (reader.ValueIsEscaped)
        {
            if (text.Length > unescaped.Length) return Kind.None;
            text = unescaped[..reader.CopyString(unescaped)];
        }
        return GoJsonName.Matches(text, "model"u8) ? Kind.Model : GoJsonName.Matches(text, "name"u8) ? Kind.Name : Kind.None;
    }

    /// <summary>The error <see cref="Find"/> gives for a body whose top-level JSON value is not an object.</summary>
    internal static string NotAnObject(JsonTokenType first) => "json: cannot unmarshal " + Describe(first) + " into Go value of type api.Request";

    /// <summary>The error <see cref="Find"/> gives for a top-level <c>model</c>/<c>name</c> that is neither a string nor null.</summary>
    internal static string NotAString(JsonTokenType value, bool isModel)
        => $"json: cannot unmarshal {Describe(value)} into Go struct field .{(isModel ? "model" : "name")} of type string";

    /// <summary>What <see cref="Find"/> answers once the last field has been seen: the model, else the deprecated name.</summary>
    internal static ModelField Chosen(ModelField model, ModelField name) => !string.IsNullOrEmpty(model.Value) ? model : name;

    /// <summary>A copy of the body with this field's value replaced.</summary>
    public byte[] Replace(ReadOnlySpan<byte> body, string newValue)
    {
        var encoded = JsonEncodedText.Encode(newValue);
        var valueBytes = Encoding.UTF8.GetBytes("\"" + encoded.ToString() + "\"");
        var result = new byte[body.Length - TokenLength + valueBytes.Length];
        body[..TokenStart].CopyTo(result);
        valueBytes.CopyTo(result.AsSpan(TokenStart));
        body[(TokenStart + TokenLength)..].CopyTo(result.AsSpan(TokenStart + valueBytes.Length));
        return result;
    }

    static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "bool",
        JsonTokenType.StartObject => "object",
        _ => "value",
    };
}
