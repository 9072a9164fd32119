using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace ModelGateway.Tests.Validation.Gateway;

/// <summary>An error answer as the client saw it, with checks for each surface's error shape.</summary>
public sealed record ErrorAnswer(int Status, string? ContentType, string Body, TimeSpan Elapsed)
{
    /// <summary>No answer may take longer than this (a bad body must never hang).</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    public static async Task<ErrorAnswer> PostAsync(HttpClient http, string path, byte[] body, string? contentType = "application/json")
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null) content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await SendAsync(http, new HttpRequestMessage(HttpMethod.Post, path) { Content = content });
    }

    public static async Task<ErrorAnswer> SendAsync(HttpClient http, HttpRequestMessage request)
    {
        using var timeout = new CancellationTokenSource(Bound * 2);
        var clock = Stopwatch.StartNew();
        using var response = await http.SendAsync(request, timeout.Token);
        var text = await response.Content.ReadAsStringAsync(timeout.Token);
        return new ErrorAnswer((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), text, clock.Elapsed);
    }

    /// <summary>OpenAI's envelope: <c>{"error":{"message","type","param","code"}}</c> as application/json.</summary>
    public JsonObject AssertOpenAIError(int status, string? param)
    {
        AssertCommon(status);
        var error = (JsonNode.Parse(Body) as JsonObject)?["error"] as JsonObject
                    ?? throw new AssertionException($"expected OpenAI's error envelope, got: {Body}");
        Assert.That(error["message"]?.GetValueKind(), Is.EqualTo(System.Text.Json.JsonValueKind.String), Body);
        Assert.That(error["type"]?.GetValueKind(), Is.EqualTo(System.Text.Json.JsonValueKind.String), Body);
        Assert.That(error.ContainsKey("param") && error.ContainsKey("code"), Is.True, $"param and code must be present (maybe null): {Body}");
        Assert.That((string?)error["param"], Is.EqualTo(param), Body);
        return error;
    }

    /// <summary>Ollama's shape: exactly <c>{"error":"..."}</c> as application/json.</summary>
    public string AssertOllamaError(int status)
    {
        AssertCommon(status);
        var body = JsonNode.Parse(Body) as JsonObject ?? throw new AssertionException($"expected a JSON object, got: {Body}");
        Assert.That(body.Select(p => p.Key), Is.EqualTo(new[] { "error" }), Body);
        Assert.That(body["error"]!.GetValueKind(), Is.EqualTo(System.Text.Json.JsonValueKind.String), Body);
        return (string)body["error"]!;
    }

    void AssertCommon(int status)
    {
        Assert.That(Status, Is.LessThan(500), $"a bad body must never be a 5xx: {Status} {Body}");
        Assert.That(Status, Is.EqualTo(status), Body);
        Assert.That(ContentType, Does.StartWith("application/json"));
        Assert.That(Elapsed, Is.LessThan(Bound), "the answer took too long");
    }
}
