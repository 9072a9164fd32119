using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace ModelGateway.Tests.Validation.Gateway;

/// <summary>
/// Transport-level faults on every model-bound endpoint of both surfaces, sent to a real gateway: each is a clear 4xx in
/// the surface's error shape, never a 5xx, never a hang.
/// </summary>
public class TransportRobustnessTests
{
    static readonly string[] Endpoints =
    [
        "/v1/chat/completions", "/v1/completions", "/v1/embeddings",
        "/api/chat", "/api/generate", "/api/embed", "/api/embeddings", "/api/show",
    ];

    static HttpClient Http => ValidationFleet.Gateway.Http;

    static bool IsOpenAI(string path) => path.StartsWith("/v1/", StringComparison.Ordinal);

    static string ModelFor(string path) => path.Contains("embed") ? "all-minilm" : "llama3.2:3b";

    /// <summary>A valid body for the endpoint, so only the fault under test is wrong.</summary>
    static string GoodBody(string path) => path switch
    {
        "/v1/chat/completions" or "/api/chat" => """{"model":"llama3.2:3b","stream":false,"messages":[{"role":"user","content":"hi"}]}""",
        "/v1/completions" => """{"model":"llama3.2:3b","prompt":"hi"}""",
        "/api/generate" => """{"model":"llama3.2:3b","stream":false,"prompt":"hi"}""",
        "/v1/embeddings" or "/api/embed" => """{"model":"all-minilm","input":"hi"}""",
        "/api/embeddings" => """{"model":"all-minilm","prompt":"hi"}""",
        _ => """{"model":"llama3.2:3b"}""",
    };

    static void AssertError(ErrorAnswer answer, string path, int status, string? param = null, string? fragment = null)
    {
        string message;
        if (IsOpenAI(path))
        {
            var error = answer.AssertOpenAIError(status, param);
            message = (string)error["message"]!;
        }
        else
        {
            message = answer.AssertOllamaError(status);
        }
        if (fragment is not null) Assert.That(message, Does.Contain(fragment));
    }

    [TestCaseSource(nameof(Endpoints))]
    public async Task Malformed_json_is_a_400(string path)
    {
        var answer = await ErrorAnswer.PostAsync(Http, path, Encoding.UTF8.GetBytes($$"""{"model":"{{ModelFor(path)}}",""" + "\"messages\": [}"));
        AssertError(answer, path, 400);
    }

    [TestCaseSource(nameof(Endpoints))]
    public async Task An_empty_body_is_a_400(string path)
        => AssertError(await ErrorAnswer.PostAsync(Http, path, []), path, 400, fragment: IsOpenAI(path) ? "empty" : "missing request body");

    [TestCaseSource(nameof(Endpoints))]
    public async Task Invalid_utf8_is_a_400(string path)
    {
        var body = Encoding.UTF8.GetBytes(GoodBody(path).Replace("hi", "h\u00e9").Replace("\"model\":\"llama3.2:3b\"}", "\"model\":\"llama3.2:3b\",\"system\":\"h\u00e9\"}"));
        var accent = Array.IndexOf(body, (byte)0xC3);
        body[accent + 1] = (byte)'"'; // a lead byte followed by no continuation byte
        body = [.. body[..(accent + 1)], .. Encoding.UTF8.GetBytes("x"), .. body[(accent + 1)..]];
        AssertError(await ErrorAnswer.PostAsync(Http, path, body), path, 400, fragment: "not valid UTF-8");
    }

    [TestCaseSource(nameof(Endpoints))]
    public async Task Nesting_deeper_than_MaxJsonDepth_is_a_400_naming_where(string path)
    {
        var body = $$"""{"model":"{{ModelFor(path)}}","extra":""" + new string('[', 40) + new string(']', 40) + "}";
        var answer = await ErrorAnswer.PostAsync(Http, path, Encoding.UTF8.GetBytes(body));
        AssertError(answer, path, 400, param: "extra" + string.Concat(Enumerable.Repeat("[0]", 15)), fragment: "deeper than the limit of 16");
    }

    [TestCaseSource(nameof(Endpoints))]
    public async Task Nesting_thousands_deep_is_a_400_not_a_500(string path)
    {
        var body = $$"""{"model":"{{ModelFor(path)}}","extra":""" + new string('[', 20_000) + new string(']', 20_000) + "}";
        AssertError(await ErrorAnswer.PostAsync(Http, path, Encoding.UTF8.GetBytes(body)), path, 400, param: IsOpenAI(path) ? "extra" + string.Concat(Enumerable.Repeat("[0]", 15)) : null);
    }

    [TestCaseSource(nameof(Endpoints))]
    public async Task An_array_longer_than_MaxJsonArrayItems_is_a_400_naming_it(string path)
    {
        var body = $$"""{"model":"{{ModelFor(path)}}","extra":[{{string.Join(",", Enumerable.Repeat("0", 65))}}]}""";
        AssertError(await ErrorAnswer.PostAsync(Http, path, Encoding.UTF8.GetBytes(body)), path, 400, param: "extra", fragment: "more than the limit of 64 items");
    }

    [TestCaseSource(nameof(Endpoints))]
    public async Task An_escaped_lone_surrogate_is_a_400_naming_where(string path)
    {
        var body = $$$"""{"model":"{{{ModelFor(path)}}}","extra":{"text":"bad \ud800 text"}}""";
        AssertError(await ErrorAnswer.PostAsync(Http, path, Encoding.UTF8.GetBytes(body)), path, 400, param: "extra.text", fragment: "lone surrogate");
    }

    [TestCaseSource(nameof(Endpoints))]
    public async Task A_body_over_the_limit_is_a_413_with_or_without_a_content_length(string path)
    {
        var big = Encoding.UTF8.GetBytes($$"""{"model":"{{ModelFor(path)}}","pad":"{{new string('x', ValidationFleet.MaxRequestBodyBytes)}}"}""");
        AssertError(await ErrorAnswer.PostAsync(Http, path, big), path, 413);

        var chunked = new StreamContent(new MemoryStream(big));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        AssertError(await ErrorAnswer.SendAsync(Http, request), path, 413);
    }

    [TestCaseSource(nameof(Endpoints))]
    public async Task An_unsupported_content_type_is_a_415(string path)
        => AssertError(await ErrorAnswer.PostAsync(Http, path, Encoding.UTF8.GetBytes(GoodBody(path)), "multipart/form-data; boundary=x"), path, 415, fragment: "multipart/form-data");

    [TestCaseSource(nameof(Endpoints))]
    public async Task A_charset_other_than_utf8_is_a_415(string path)
        => AssertError(await ErrorAnswer.PostAsync(Http, path, Encoding.UTF8.GetBytes(GoodBody(path)), "application/json; charset=utf-16"), path, 415, fragment: "utf-16");

    [TestCase("/v1/chat/completions")]
    [TestCase("/v1/embeddings")]
    public async Task A_form_content_type_on_v1_is_a_415_explaining_the_fix(string path)
        => AssertError(await ErrorAnswer.PostAsync(Http, path, Encoding.UTF8.GetBytes(GoodBody(path)), "application/x-www-form-urlencoded"), path, 415, fragment: "Content-Type: application/json");

    [TestCaseSource(nameof(Endpoints))]
    public async Task Json_with_a_charset_or_no_content_type_at_all_is_accepted(string path)
    {
        foreach (var contentType in new[] { "application/json; charset=utf-8", null })
        {
            var answer = await ErrorAnswer.PostAsync(Http, path, Encoding.UTF8.GetBytes(GoodBody(path)), contentType);
            Assert.That(answer.Status, Is.EqualTo(200), $"{contentType ?? "(none)"}: {answer.Body}");
        }
    }

    [TestCase("/api/chat")]
    [TestCase("/api/generate")]
    [TestCase("/api/embed")]
    public async Task What_curl_d_sends_is_accepted_on_api_as_Ollama_does(string path)
    {
        var answer = await ErrorAnswer.PostAsync(Http, path, Encoding.UTF8.GetBytes(GoodBody(path)), "application/x-www-form-urlencoded");
        Assert.That(answer.Status, Is.EqualTo(200), answer.Body);
    }

    /// <summary>Slow-loris: half the body, then silence. All endpoints at once, so the suite waits for one timeout, not eight.</summary>
    [Test]
    public async Task A_stalled_body_is_a_408_after_BodyReadTimeout_on_every_endpoint()
    {
        var answers = await Task.WhenAll(Endpoints.Select(path =>
        {
            var body = Encoding.UTF8.GetBytes(GoodBody(path));
            return RawHttpExchange.SendAsync(ValidationFleet.Gateway.Port,
                $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {body.Length}",
                body, limit: TimeSpan.FromSeconds(15), sendOnly: body.Length / 2);
        }));
        Assert.Multiple(() =>
        {
            foreach (var (path, answer) in Endpoints.Zip(answers))
            {
                AssertRaw(answer, path, 408);
                Assert.That(answer!.Elapsed, Is.GreaterThanOrEqualTo(ValidationFleet.BodyReadTimeout - TimeSpan.FromMilliseconds(200)), $"{path}: answered before the timeout");
                Assert.That(answer.Elapsed, Is.LessThan(ValidationFleet.BodyReadTimeout + TimeSpan.FromSeconds(4)), $"{path}: answered long after the timeout");
                Assert.That(answer.Head, Does.Contain("Connection: close"), path);
            }
        });
    }

    /// <summary>A byte every 200 ms never completes the body in time, though the connection is never idle for long.</summary>
    [Test]
    public async Task A_body_trickling_in_is_a_408_after_BodyReadTimeout()
    {
        string[] paths = ["/v1/chat/completions", "/api/generate"];
        var answers = await Task.WhenAll(paths.Select(path =>
        {
            var body = Encoding.UTF8.GetBytes(GoodBody(path));
            return RawHttpExchange.SendAsync(ValidationFleet.Gateway.Port,
                $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {body.Length}",
                body, limit: TimeSpan.FromSeconds(15), interval: TimeSpan.FromMilliseconds(200));
        }));
        Assert.Multiple(() =>
        {
            foreach (var (path, answer) in paths.Zip(answers))
            {
                AssertRaw(answer, path, 408);
                Assert.That(answer!.Elapsed, Is.LessThan(ValidationFleet.BodyReadTimeout + TimeSpan.FromSeconds(4)), path);
            }
        });
    }

    [Test]
    public async Task A_body_cut_short_of_its_content_length_but_kept_open_is_a_408_on_every_endpoint()
    {
        var answers = await Task.WhenAll(Endpoints.Select(path =>
        {
            var body = Encoding.UTF8.GetBytes(GoodBody(path));
            return RawHttpExchange.SendAsync(ValidationFleet.Gateway.Port,
                $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {body.Length + 50}",
                body, limit: TimeSpan.FromSeconds(15));
        }));
        Assert.Multiple(() =>
        {
            foreach (var (path, answer) in Endpoints.Zip(answers))
                AssertRaw(answer, path, 408);
        });
    }

    /// <summary>
    /// Kestrel treats the client's FIN as the end of the connection, so a body cut short by a half-close cannot be
    /// answered; what matters is that the gateway lets go at once and logs no unhandled error.
    /// </summary>
    [TestCaseSource(nameof(Endpoints))]
    public async Task A_body_cut_short_by_closing_the_connection_is_let_go_without_an_error(string path)
    {
        var body = Encoding.UTF8.GetBytes(GoodBody(path));
        var answer = await RawHttpExchange.SendAsync(ValidationFleet.Gateway.Port,
            $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {body.Length + 50}",
            body, limit: TimeSpan.FromSeconds(15), halfClose: true, allowNoAnswer: true);
        if (answer is not null) AssertRaw(answer, path, 400);
        await Task.Delay(200);
        Assert.That(ValidationFleet.Gateway.Process.Output, Does.Not.Contain("unhandled exception"));
    }

    [TestCaseSource(nameof(Endpoints))]
    public async Task Broken_chunked_framing_is_a_400(string path)
    {
        var answer = await RawHttpExchange.SendAsync(ValidationFleet.Gateway.Port,
            $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked",
            Encoding.ASCII.GetBytes("zz\r\n{\"model\"\r\n0\r\n\r\n"), limit: TimeSpan.FromSeconds(15));
        AssertRaw(answer, path, 400);
    }

    static void AssertRaw(RawHttpExchange.Answer? answer, string path, int status)
    {
        if (answer is null) throw new AssertionException("the connection closed without an answer");
        Assert.That(ValidationFleet.Gateway.Process.Output, Does.Not.Contain("unhandled exception"));
        Assert.That(answer.Status, Is.EqualTo(status), answer.Head + "\n" + answer.Body);
        Assert.That(answer.Head, Does.Contain("Content-Type: application/json"));
        JsonObject body;
        try
        {
            body = JsonNode.Parse(answer.Body) as JsonObject ?? throw new AssertionException("not a JSON object: " + answer.Body);
        }
        catch (System.Text.Json.JsonException)
        {
            throw new AssertionException($"not JSON: {answer.Head}\n\n{answer.Body}");
        }
        if (IsOpenAI(path))
            Assert.That(body["error"]?["message"]?.GetValueKind(), Is.EqualTo(System.Text.Json.JsonValueKind.String), answer.Body);
        else
            Assert.That(body["error"]?.GetValueKind(), Is.EqualTo(System.Text.Json.JsonValueKind.String), answer.Body);
    }
}
