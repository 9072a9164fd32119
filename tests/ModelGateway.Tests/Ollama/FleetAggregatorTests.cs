using System.Text.Json.Nodes;
using ModelGateway.Ollama;

namespace ModelGateway.Tests.Ollama;

/// <summary>
/// /api/tags and /api/ps across workers in different time zones: Ollama writes <c>modified_at</c> and
/// <c>expires_at</c> with the server's local offset and as many fractional digits as it needs, so which duplicate is
/// newest, and the order of the list, must follow the instants, while each entry keeps its worker's own text.
/// </summary>
[TestFixture]
public sealed class FleetAggregatorTests
{
    static JsonArray Worker(params (string Name, string Stamp)[] models)
        => new(models.Select(m => (JsonNode)new JsonObject { ["name"] = m.Name, ["modified_at"] = m.Stamp, ["digest"] = m.Stamp }).ToArray());

    [Test]
    public void TheDuplicateKept_IsTheLatestInstant_WhateverItsOffsetOrFractionDigits()
    {
        var merged = FleetAggregator.Merge([
            // 17:00:00.123Z in California: later than 12:00Z in London, though "10" sorts before "12" as text.
            Worker(("llama3.2:3b", "2024-05-01T10:00:00.123456789-07:00"), ("qwen3:8b", "2024-05-01T10:00:30Z")),
            Worker(("llama3.2:3b", "2024-05-01T12:00:00Z"), ("qwen3:8b", "2024-05-01T10:00:30.26Z")),
        ], "modified_at");

        Assert.That((string?)merged["llama3.2:3b"]["modified_at"], Is.EqualTo("2024-05-01T10:00:00.123456789-07:00"));
        Assert.That((string?)merged["qwen3:8b"]["modified_at"], Is.EqualTo("2024-05-01T10:00:30.26Z"), ".26 s is later than the whole second");
    }

    [Test]
    public void TheList_IsSortedByInstant_NewestFirst_AndKeepsEachWorkersText()
    {
        var models = Worker(
            ("a:latest", "2024-05-01T12:00:00Z"),
            ("b:latest", "2024-05-01T10:00:00.5-07:00"),
            ("c:latest", "2024-05-01T12:00:00.1Z"),
            ("d:latest", "2024-05-01T14:30:00+02:00"),
            ("e:latest", "not a timestamp"),
            ("f:latest", "2024-05-01T19:00:00.25+05:30"));

        var sorted = FleetAggregator.NewestFirst(models.Select(m => (JsonObject)m!), "modified_at").ToList();

        // b = 17:00:00.5Z, f = 13:30:00.25Z, d = 12:30Z, c = 12:00:00.1Z, a = 12:00Z; an unreadable value last.
        Assert.That(sorted.Select(m => (string)m["name"]!), Is.EqualTo(new[] { "b:latest", "f:latest", "d:latest", "c:latest", "a:latest", "e:latest" }));
        Assert.That((string?)sorted[0]["modified_at"], Is.EqualTo("2024-05-01T10:00:00.5-07:00"));
    }

    [Test]
    public void AnEntryWhoseNameIsNotText_IsLeftOut_TheRestStillMerge()
    {
        var odd = new JsonArray(
            new JsonObject { ["name"] = 5, ["model"] = 7, ["modified_at"] = "2024-05-01T10:00:00Z" },
            new JsonObject { ["name"] = new JsonObject(), ["modified_at"] = "2024-05-01T10:00:00Z" },
            new JsonObject { ["name"] = null, ["model"] = "qwen3:8b", ["modified_at"] = "2024-05-01T10:00:00Z" });

        var merged = FleetAggregator.Merge([odd, Worker(("llama3.2:3b", "2024-05-01T12:00:00Z"))], "modified_at");

        Assert.That(merged.Keys, Is.EquivalentTo(new[] { "llama3.2:3b", "qwen3:8b" }));
    }
}
