using System.Text.Json.Nodes;

namespace ModelGateway.Tests.Soak;

/// <summary>Request bodies of the soak mix. Prompts are unique unless a cache hit is wanted.</summary>
internal static class SoakBodies
{
    static long _serial;

    public static string Text() => $"soak request {Interlocked.Increment(ref _serial)}: tell me about rivers";

    static string Quote(string text) => JsonValue.Create(text).ToJsonString();

    /// <param name="deterministic">temperature 0, so the response cache stores and serves it</param>
    public static string ApiChat(string model, bool stream, string? text = null, bool deterministic = false)
        => $$"""{"model":"{{model}}","messages":[{"role":"user","content":{{Quote(text ?? Text())}}}],"stream":{{Bool(stream)}}{{Options(deterministic)}}}""";

    public static string ApiGenerate(string model, bool stream, string? text = null, bool deterministic = false)
        => $$"""{"model":"{{model}}","prompt":{{Quote(text ?? Text())}},"stream":{{Bool(stream)}}{{Options(deterministic)}}}""";

    public static string ApiEmbed(string model) => $$"""{"model":"{{model}}","input":[{{Quote(Text())}},"second input"]}""";

    public static string V1Chat(string model, bool stream, string? text = null, bool deterministic = false)
        => $$"""{"model":"{{model}}","messages":[{"role":"user","content":{{Quote(text ?? Text())}}}],"stream":{{Bool(stream)}}{{(deterministic ? ",\"temperature\":0" : "")}}}""";

    public static string V1Completion(string model, bool stream)
        => $$"""{"model":"{{model}}","prompt":{{Quote(Text())}},"stream":{{Bool(stream)}},"max_tokens":8}""";

    public static string V1Embeddings(string model) => $$"""{"model":"{{model}}","input":{{Quote(Text())}}}""";

    /// <summary>Larger than Gateway:MaxRequestBodyBytes: 413.</summary>
    public static string Oversized(string model) => ApiGenerate(model, false, new string('x', SoakFleet.MaxBodyBytes + 4096));

    /// <summary>Truncated JSON: 400.</summary>
    public static string Truncated(string model) => $$"""{"model":"{{model}}","messages":[{"role":"user","content":"cut""";

    static string Bool(bool value) => value ? "true" : "false";

    static string Options(bool deterministic) => deterministic ? ",\"options\":{\"temperature\":0}" : "";
}
