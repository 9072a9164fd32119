using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Clients;

/// <summary>
/// Checks a captured /v1 answer against OpenAI's published schema for its endpoint: every SSE data payload of a
/// stream on its own (plus the framing: <c>data:</c> events ending in <c>[DONE]</c>), whole bodies otherwise, and
/// error bodies against <c>ErrorResponse</c>.
/// </summary>
public static class OpenAIResponseConformance
{
    public static IReadOnlyList<string> Check(CapturedResponse response)
    {
        var violations = new List<string>();
        void Add(string where, IEnumerable<string> found) => violations.AddRange(found.Select(v => $"{response} {where}{v}"));

        if (response.Status < 400 && response.Path.StartsWith("/v1/responses", StringComparison.Ordinal))
            return CheckResponses(response);
        if (response.Status >= 400 || !response.IsEventStream)
        {
            var schema = response.Status >= 400 ? "ErrorResponse" : SchemaFor(response.Path, streamed: false);
            if (!response.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ?? true)
                Add("", [$"content type is '{response.ContentType}', expected application/json"]);
            Add("", Validate(schema, response.Body));
            return violations;
        }

        var events = response.Body.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        var sawDone = false;
        var sawError = false;
        var sawFinish = false;
        for (var i = 0; i < events.Length; i++)
        {
            var lines = events[i].Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (lines.Any(l => !l.StartsWith("data: ", StringComparison.Ordinal)))
            {
                Add($"event {i}: ", [$"expected only 'data: ' lines, got {events[i]}"]);
                continue;
            }
            var data = string.Join('\n', lines.Select(l => l["data: ".Length..]));
            if (sawDone) Add($"event {i}: ", ["data after [DONE]"]);
            if (data == "[DONE]")
            {
                sawDone = true;
                continue;
            }
            var isError = TryParse(data) is JsonObject o && o.ContainsKey("error");
            sawError |= isError;
            if (!isError && response.Path == "/v1/completions") data = AllowPendingFinishReason(data, ref sawFinish);
            Add($"event {i}: ", Validate(isError ? "ErrorResponse" : SchemaFor(response.Path, streamed: true), data));
        }
        if (!sawDone && !sawError) Add("", ["the stream did not end with data: [DONE]"]);
        if (response.Path == "/v1/completions" && !sawError && !sawFinish) Add("", ["no chunk carried a finish_reason"]);
        return violations;
    }

    /// <summary>
    /// The Responses API: a Response object (created or retrieved), the deletion receipt (which OpenAI's document does
    /// not describe: checked by its fields), or a stream of <c>event:</c>/<c>data:</c> pairs, each a
    /// ResponseStreamEvent whose type is the event name, numbered from 0 and ended by the response's final state.
    /// </summary>
    static IReadOnlyList<string> CheckResponses(CapturedResponse response)
    {
        var violations = new List<string>();
        void Add(string where, IEnumerable<string> found) => violations.AddRange(found.Select(v => $"{response} {where}{v}"));
        if (response.Method == "DELETE")
        {
            var receipt = TryParse(response.Body);
            if ((string?)receipt?["object"] != "response.deleted" || (bool?)receipt?["deleted"] != true || receipt?["id"] is null)
                Add("", [$"not a deletion receipt: {response.Body}"]);
            return violations;
        }
        if (!response.IsEventStream)
        {
            Add("", Validate("Response", response.Body));
            return violations;
        }
        var events = response.Body.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        string? last = null;
        for (var i = 0; i < events.Length; i++)
        {
            var lines = events[i].Split('\n');
            if (lines.Length != 2 || !lines[0].StartsWith("event: ", StringComparison.Ordinal) || !lines[1].StartsWith("data: ", StringComparison.Ordinal))
            {
                Add($"event {i}: ", [$"expected an 'event: ' and a 'data: ' line, got {events[i]}"]);
                continue;
            }
            var data = lines[1]["data: ".Length..];
            var payload = TryParse(data);
            last = (string?)payload?["type"];
            if (last != lines[0]["event: ".Length..]) Add($"event {i}: ", [$"the event name is not the payload's type: {events[i]}"]);
            if ((int?)payload?["sequence_number"] != i) Add($"event {i}: ", [$"sequence_number is not {i}"]);
            Add($"event {i}: ", Validate("ResponseStreamEvent", data));
        }
        if (last is not ("response.completed" or "response.incomplete" or "error"))
            Add("", [$"the stream ended with {last ?? "nothing"} instead of the response's final state"]);
        return violations;
    }

    /// <summary>
    /// OpenAI's document gives streamed and whole legacy completions one schema, whose finish_reason is not
    /// nullable; the API itself (and the SDKs' stream types) send <c>null</c> until the chunk that finishes. So a
    /// present <c>null</c> is accepted in a chunk (checked as if it were "stop"), and some chunk must finish.
    /// </summary>
    static string AllowPendingFinishReason(string data, ref bool sawFinish)
    {
        if (TryParse(data) is not JsonObject chunk || chunk["choices"] is not JsonArray choices) return data;
        foreach (var choice in choices.OfType<JsonObject>())
        {
            if (!choice.TryGetPropertyValue("finish_reason", out var reason)) continue;
            if (reason is null) choice["finish_reason"] = "stop";
            else sawFinish = true;
        }
        return chunk.ToJsonString();
    }

    static JsonNode? TryParse(string json)
    {
        try { return JsonNode.Parse(json); }
        catch (JsonException) { return null; }
    }

    static string SchemaFor(string path, bool streamed) => path switch
    {
        "/v1/chat/completions" => streamed ? "CreateChatCompletionStreamResponse" : "CreateChatCompletionResponse",
        "/v1/completions" => "CreateCompletionResponse",
        "/v1/embeddings" => "CreateEmbeddingResponse",
        "/v1/models" => "ListModelsResponse",
        _ when path.StartsWith("/v1/models/", StringComparison.Ordinal) => "Model",
        _ => throw new ArgumentException($"no OpenAI schema is known for {path}"),
    };

    static IEnumerable<string> Validate(string schema, string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            return [$"not JSON ({e.Message}): {json}"];
        }
        if (schema == "CreateEmbeddingResponse") DecodeBase64Embeddings(node);
        return OpenApiSchemaValidator.OpenAI.Validate(schema, node);
    }

    /// <summary>
    /// The spec only describes float arrays, but encoding_format base64 (the SDKs' default) sends each vector as
    /// base64 of little-endian float32s. A well-formed one is replaced by its floats; a malformed one is left as a
    /// string, which the schema then rejects.
    /// </summary>
    static void DecodeBase64Embeddings(JsonNode? node)
    {
        if (node?["data"] is not JsonArray data) return;
        foreach (var item in data.OfType<JsonObject>())
        {
            if (item["embedding"] is not JsonValue v || !v.TryGetValue(out string? text)) continue;
            byte[] bytes;
            try { bytes = Convert.FromBase64String(text); }
            catch (FormatException) { continue; }
            if (bytes.Length == 0 || bytes.Length % 4 != 0) continue;
            var floats = new JsonArray();
            for (var i = 0; i < bytes.Length; i += 4) floats.Add(BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i)));
            item["embedding"] = floats;
        }
    }
}
