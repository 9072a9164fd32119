using System.Text;

namespace ModelGateway.Tests.Transforms;

/// <summary>
/// Compares an SSE body event by event with a fixture written as in the mapping doc (one <c>data: </c>
/// line per event). Every actual event must be exactly <c>data: </c> + JSON + <c>\n\n</c>; JSON payloads
/// are compared with <see cref="JsonShape"/>, <c>[DONE]</c> literally.
/// </summary>
public static class SseShape
{
    public static void AssertSame(string expectedSse, string actualSse, JsonShape shape)
    {
        var expected = expectedSse.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).ToList();
        var actual = SplitEvents(actualSse);
        Assert.That(actual, Has.Count.EqualTo(expected.Count), "number of SSE events in:\n" + actualSse);
        for (var i = 0; i < expected.Count; i++)
        {
            var payload = expected[i]["data: ".Length..];
            if (payload == "[DONE]")
                Assert.That(actual[i], Is.EqualTo("[DONE]"), $"event {i}");
            else
                shape.AssertSame(payload, actual[i]);
        }
        if (expected.Count > 0 && expected[^1] == "data: [DONE]")
            Assert.That(actualSse, Does.EndWith("\n\ndata: [DONE]\n\n").Or.EqualTo("data: [DONE]\n\n"));
    }

    /// <summary>The payloads of <c>data: X\n\n</c> events; fails on any other framing.</summary>
    public static List<string> SplitEvents(string sse)
    {
        var events = new List<string>();
        var rest = sse;
        while (rest.Length > 0)
        {
            Assert.That(rest, Does.StartWith("data: "), "each SSE event starts with 'data: '");
            var end = rest.IndexOf("\n\n", StringComparison.Ordinal);
            Assert.That(end, Is.GreaterThan(0), "each SSE event ends with a blank line");
            var payload = rest["data: ".Length..end];
            Assert.That(payload, Does.Not.Contain("\n"), "an event is a single data line");
            events.Add(payload);
            rest = rest[(end + 2)..];
        }
        return events;
    }

    public static string Utf8(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
