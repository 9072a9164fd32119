using System.Text.Json.Nodes;

namespace ModelGateway.Tests.Transforms.Responses;

/// <summary>
/// The Responses API's SSE framing: every event is exactly <c>event: &lt;type&gt;\ndata: {json}\n\n</c>, the event
/// name equals the payload's <c>type</c>, and <c>sequence_number</c> counts up from 0 with no gap. No <c>[DONE]</c>.
/// </summary>
public static class ResponsesSse
{
    public static List<(string Type, string Data)> SplitEvents(string sse)
    {
        var events = new List<(string, string)>();
        var rest = sse;
        while (rest.Length > 0)
        {
            var end = rest.IndexOf("\n\n", StringComparison.Ordinal);
            Assert.That(end, Is.GreaterThan(0), "each SSE event ends with a blank line:\n" + rest);
            var lines = rest[..end].Split('\n');
            Assert.That(lines, Has.Length.EqualTo(2), "an event is one event line and one data line: " + rest[..end]);
            Assert.That(lines[0], Does.StartWith("event: "));
            Assert.That(lines[1], Does.StartWith("data: "));
            var type = lines[0]["event: ".Length..];
            var data = lines[1]["data: ".Length..];
            Assert.That((string?)JsonNode.Parse(data)!["type"], Is.EqualTo(type), "the event name is the payload's type");
            Assert.That((int?)JsonNode.Parse(data)!["sequence_number"], Is.EqualTo(events.Count), "sequence_number counts every event from 0");
            events.Add((type, data));
            rest = rest[(end + 2)..];
        }
        return events;
    }

    /// <summary>Compares with a fixture written as <c>event:</c>/<c>data:</c> line pairs, payloads structurally.</summary>
    public static void AssertSame(string expectedSse, IReadOnlyList<(string Type, string Data)> actual, JsonShape shape)
    {
        var expected = expectedSse.Replace("\r\n", "\n").Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).ToList();
        Assert.That(actual.Select(e => e.Type).ToList(), Has.Count.EqualTo(expected.Count), "number of events: " + string.Join(", ", actual.Select(e => e.Type)));
        for (var i = 0; i < expected.Count; i++)
            shape.AssertSame(expected[i]["data: ".Length..], actual[i].Data);
    }
}
