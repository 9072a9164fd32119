using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ModelGateway.Tests.Soak;

/// <summary>How a soak client reads an answer.</summary>
public enum SoakReply { Json, Ndjson, Sse }

/// <summary>
/// One request of the soak mix and the client behaviour around it: send it, read the answer as a real client would
/// (or walk away at a chosen point), and say how it ended (<see cref="SoakOutcome"/>).
/// </summary>
public sealed record SoakCall(string Path, string Body, string? Key, SoakReply Reply)
{
    /// <summary>Longer than every gateway timeout of the soak fleet added up (queue, headers per attempt, fallbacks, idle):
    /// an answer not over by then is hung. It is a hang detector, not a speed limit.</summary>
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(45);

    /// <summary>Walk away after reading the first chunk of the body.</summary>
    public bool LeaveAfterFirstChunk { get; init; }

    /// <summary>Walk away this long after sending, wherever the request is then (queued, thinking, streaming).</summary>
    public TimeSpan? LeaveAfter { get; init; }

    public async Task<(string Outcome, string? Detail)> RunAsync(HttpClient http, string baseUrl)
    {
        using var hang = new CancellationTokenSource(HangLimit);
        using var leave = LeaveAfter is { } after ? new CancellationTokenSource(after) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(hang.Token, leave.Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, baseUrl + Path) { Content = new StringContent(Body, Encoding.UTF8, "application/json") };
        if (Key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
        }
        catch (OperationCanceledException) when (leave.IsCancellationRequested && !hang.IsCancellationRequested)
        {
            return (SoakOutcome.LeftEarly, null);
        }
        catch (OperationCanceledException) when (hang.IsCancellationRequested)
        {
            return (SoakOutcome.Hung, $"{Path} {Describe()}: no response headers within {HangLimit.TotalSeconds} s");
        }
        catch (HttpRequestException ex)
        {
            return (SoakOutcome.Improper, $"{Path} {Describe()}: no status at all: {ex.Message} {ex.InnerException?.Message}");
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            string text;
            try
            {
                if (status == 200 && LeaveAfterFirstChunk)
                {
                    await using var stream = await response.Content.ReadAsStreamAsync(linked.Token);
                    var first = new byte[256];
                    var read = await stream.ReadAsync(first, linked.Token);
                    // Disposing the response now closes the connection under a reply still being written.
                    return read > 0 ? (SoakOutcome.LeftMidStream, null) : (SoakOutcome.Improper, $"{Path}: 200 with an empty body");
                }
                text = await response.Content.ReadAsStringAsync(linked.Token);
            }
            catch (OperationCanceledException) when (leave.IsCancellationRequested && !hang.IsCancellationRequested)
            {
                return (SoakOutcome.LeftEarly, null);
            }
            catch (OperationCanceledException) when (hang.IsCancellationRequested)
            {
                return (SoakOutcome.Hung, $"{Path} {Describe()}: status {status} but the body did not end within {HangLimit.TotalSeconds} s");
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                // Only a reply that had begun may be cut; an error status is always whole.
                return status == 200 ? (SoakOutcome.Cut, null) : (SoakOutcome.Improper, $"{Path}: {status} whose body broke off: {ex.Message}");
            }
            if (status != 200)
                return IsErrorShape(text) ? (SoakOutcome.Error(status), null) : (SoakOutcome.Improper, $"{Path}: {status} without an error body: {Clip(text)}");
            var complete = Reply switch
            {
                SoakReply.Ndjson => NdjsonEnd(text),
                SoakReply.Sse => SseEnd(text),
                _ => IsErrorShape(text) ? null : IsJsonObject(text) ? SoakOutcome.Ok : null,
            };
            if (complete is null) return (SoakOutcome.Improper, $"{Path}: 200 whose body is not a complete answer: {Clip(text)}");
            if (complete != SoakOutcome.Ok) return (complete, null);
            if (response.Headers.TryGetValues("X-Cache", out var cache) && cache.Contains("HIT")) return (SoakOutcome.Cached, null);
            if (response.Headers.Contains("X-ModelGateway-Model")) return (SoakOutcome.FellBack, null);
            return (SoakOutcome.Ok, null);
        }
    }

    string Describe() => LeaveAfter is { } after ? $"(client leaves after {after.TotalMilliseconds} ms)" : "";

    /// <summary>Ollama's streams end with a done line, or an error line when the worker failed after the stream began.</summary>
    static string? NdjsonEnd(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0) return null;
        using var last = TryParse(lines[^1]);
        if (last is null) return null;
        if (last.RootElement.TryGetProperty("error", out _)) return SoakOutcome.StreamError;
        return last.RootElement.TryGetProperty("done", out var done) && done.ValueKind == JsonValueKind.True ? SoakOutcome.Ok : null;
    }

    /// <summary>OpenAI streams end with [DONE]; a failure mid-stream is an error event (the gateway then closes the connection).</summary>
    static string? SseEnd(string text)
    {
        if (text.TrimEnd().EndsWith("data: [DONE]", StringComparison.Ordinal)) return SoakOutcome.Ok;
        return text.Contains("\"error\"", StringComparison.Ordinal) ? SoakOutcome.StreamError : null;
    }

    static bool IsErrorShape(string text)
    {
        using var document = TryParse(text);
        return document is not null && document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out _);
    }

    static bool IsJsonObject(string text)
    {
        using var document = TryParse(text);
        return document?.RootElement.ValueKind == JsonValueKind.Object;
    }

    static JsonDocument? TryParse(string text)
    {
        try { return JsonDocument.Parse(text); }
        catch (JsonException) { return null; }
    }

    static string Clip(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
