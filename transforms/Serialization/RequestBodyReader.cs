using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ModelGateway.Transforms.Errors;

namespace ModelGateway.Transforms.Serialization;

/// <summary>
/// Deserialises an OpenAI request body; a malformed body or a field of the wrong JSON type becomes a 400
/// whose <c>param</c> is the JSON path the deserialiser stopped at (e.g. <c>messages[1].content</c>).
/// </summary>
internal static class RequestBodyReader
{
    /// <summary>Reads the body and parses it into a request; any rejection comes back as the OpenAI error to answer.</summary>
    public static bool TryParse<TBody, TRequest>(ReadOnlySpan<byte> utf8Json, JsonTypeInfo<TBody> typeInfo, Func<TBody, TRequest> parse,
        [NotNullWhen(true)] out TRequest? request, [NotNullWhen(false)] out OpenAIError? error)
        where TBody : class
        where TRequest : class
    {
        try
        {
            request = parse(Read(utf8Json, typeInfo));
            error = null;
            return true;
        }
        catch (RequestValidationException ex)
        {
            request = null;
            error = ex.Error;
            return false;
        }
    }

    public static T Read<T>(ReadOnlySpan<byte> utf8Json, JsonTypeInfo<T> typeInfo) where T : class
    {
        if (utf8Json.Trim(" \t\r\n"u8).IsEmpty)
            throw RequestValidationException.Invalid("The request body is empty; expected a JSON object.", null);
        try
        {
            return JsonSerializer.Deserialize(utf8Json, typeInfo)
                   ?? throw RequestValidationException.Invalid("The request body must be a JSON object, not null.", null);
        }
        catch (JsonException ex)
        {
            // The deserialiser reports syntax errors with a path too; only a well-formed body names a field.
            var param = IsWellFormed(utf8Json) ? ToParam(ex.Path) : null;
            var message = param is null
                ? "We could not parse the JSON body of your request: expected a JSON object."
                : $"Invalid type or value for '{param}'.";
            throw RequestValidationException.Invalid(message, param);
        }
    }

    static bool IsWellFormed(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json);
        try
        {
            while (reader.Read()) { }
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    static string? ToParam(string? path) =>
        path is null || path.Length <= 2 || !path.StartsWith("$.", StringComparison.Ordinal) ? null : path[2..];
}
