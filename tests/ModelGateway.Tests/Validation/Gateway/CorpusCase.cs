using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Validation.Gateway;

/// <summary>
/// One bad body of the corpus (tests/ModelGateway.Tests/Validation/Corpus/*.json): where it is sent, and the exact
/// status, OpenAI <c>param</c> (/v1) and message fragment the gateway must answer with.
/// </summary>
public sealed record CorpusCase(string Name, string Path, byte[] Body, int Status, string? Param, string? Message)
{
    /// <summary>Stands for a text one character longer than the fleet's MaxContentCharacters.</summary>
    const string LongText = "LONG_TEXT";

    public bool IsOpenAI => Path.StartsWith("/v1/", StringComparison.Ordinal);

    public override string ToString() => Name;

    public static IEnumerable<CorpusCase> Load(string file)
    {
        var path = System.IO.Path.Combine(RepoLayout.Root, "tests", "ModelGateway.Tests", "Validation", "Corpus", file);
        var entries = JsonNode.Parse(File.ReadAllText(path))!.AsArray();
        foreach (var entry in entries)
        {
            var text = entry!["raw"] is { } raw ? (string)raw! : entry["json"]!.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            text = text.Replace(LongText, new string('x', ValidationFleet.MaxContentCharacters + 1), StringComparison.Ordinal);
            yield return new CorpusCase((string)entry["name"]!, (string)entry["path"]!, Encoding.UTF8.GetBytes(text),
                (int)entry["status"]!, (string?)entry["param"], (string?)entry["message"]);
        }
    }
}
