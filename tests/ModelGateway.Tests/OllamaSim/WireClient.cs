using System.Text;

namespace ModelGateway.Tests.OllamaSim;

/// <summary>Plain HttpClient calls that keep the exact bytes, for wire-format assertions.</summary>
internal sealed class WireClient(string baseUrl, TimeSpan? timeout = null) : IDisposable
{
    public HttpClient Http { get; } = new() { BaseAddress = new Uri(baseUrl), Timeout = timeout ?? TimeSpan.FromSeconds(20) };

    public Task<WireResponse> PostAsync(string path, string json) => SendAsync(HttpMethod.Post, path, json);

    public Task<WireResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public async Task<WireResponse> SendAsync(HttpMethod method, string path, string? body, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body != null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return new WireResponse((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), text);
    }

    /// <summary>Starts a streaming POST and returns the response with its body unread.</summary>
    public async Task<HttpResponseMessage> OpenStreamAsync(string path, string json, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        return await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    public void Dispose() => Http.Dispose();
}
