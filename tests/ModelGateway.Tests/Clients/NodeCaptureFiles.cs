using System.Text.Json.Nodes;

namespace ModelGateway.Tests.Clients;

/// <summary>Reads the responses a Node client test recorded (tests/node/openai-capture.mjs: one JSON file each).</summary>
public static class NodeCaptureFiles
{
    /// <summary>The recorded responses, in the order the client received them, and any recording that failed.</summary>
    public static (IReadOnlyList<CapturedResponse> Responses, IReadOnlyList<string> Failures) Read(string directory)
    {
        var responses = new List<CapturedResponse>();
        var failures = new List<string>();
        foreach (var file in Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var record = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            var response = new CapturedResponse((string)record["method"]!, (string)record["path"]!, (int)record["status"]!,
                (string?)record["contentType"], (string?)record["requestBody"] ?? "", (string)record["body"]!);
            if ((string?)record["readError"] is { } error)
                failures.Add($"{response}: the body could not be read in full: {error}");
            responses.Add(response);
        }
        return (responses, failures);
    }
}
