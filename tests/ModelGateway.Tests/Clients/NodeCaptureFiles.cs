using System.Text.Json.Nodes;

namespace ModelGateway.Tests.Clients;

/// <summary>Reads the responses a Node client test recorded (tests/node/openai-capture.mjs: one JSON file each).</summary>
public static class NodeCaptureFiles
{
    /// <summary>
    /// The recorded responses, in the order the client received them, and the failures: a body that broke off
    /// without first announcing why in an SSE error event (the gateway's way to end a stream whose worker failed).
    /// </summary>
    public static (IReadOnlyList<CapturedResponse> Responses, IReadOnlyList<string> Failures) Read(string directory)
    {
        var responses = new List<CapturedResponse>();
        var failures = new List<string>();
        foreach (var file in Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var record = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            var response = new CapturedResponse((string)record["method"]!, (string)record["path"]!, (int)record["status"]!,
                (string?)record["contentType"], (string?)record["requestBody"] ?? "", (string)record["body"]!);
            if ((string?)record["readError"] is { } error && !response.Body.Contains("data: {\"error\":", StringComparison.Ordinal))
                failures.Add($"{response}: the body broke off without an error event: {error}");
            responses.Add(response);
        }
        return (responses, failures);
    }
}
