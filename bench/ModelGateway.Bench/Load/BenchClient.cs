using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace ModelGateway.Bench.Load;

/// <summary>
/// The load generator's HTTP client: HTTP/1.1 keep-alive connections, no proxy, no decompression, and a read loop
/// that timestamps the first body bytes and the gaps between reads.
/// </summary>
public sealed class BenchClient : IDisposable
{
    static readonly MediaTypeHeaderValue Json = new("application/json");
    readonly HttpClient _http;

    public BenchClient()
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            // Below every server's keep-alive timeout (Kestrel 130 s, nginx 75 s): a connection idle between rounds is
            // dropped here first, instead of being reused in the instant the server closes it (a failed request that
            // says nothing about the proxy).
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ConnectTimeout = TimeSpan.FromSeconds(15),
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <param name="buffer">The caller's own read buffer (one per concurrent caller).</param>
    public async Task<CallResult> SendAsync(RequestSpec spec, byte[] buffer, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, spec.Uri)
            {
                Version = HttpVersion.Version11,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Content = new ByteArrayContent(spec.Body),
            };
            request.Content.Headers.ContentType = Json;
            if (spec.ApiKey is not null) request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + spec.ApiKey);

            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var cacheHit = response.Headers.TryGetValues("X-Cache", out var cache) && cache.Contains("HIT");
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);

            // The tail (last bytes of the body) is all the completeness check needs.
            const int tailSize = 2048;
            var tail = new byte[tailSize];
            var tailLength = 0;
            double firstByteMs = -1, maxGapMs = 0, pathFirstTokenMs = -1, requestLegMs = -1, responseLegMs = -1;
            // The simulator's first-token stamp, when it sends one, is in the first few hundred bytes.
            var head = spec.Stream ? new byte[1024] : null;
            var headLength = 0;
            long lastRead = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                var now = Stopwatch.GetTimestamp();
                if (firstByteMs < 0) firstByteMs = Stopwatch.GetElapsedTime(start, now).TotalMilliseconds;
                else maxGapMs = Math.Max(maxGapMs, Stopwatch.GetElapsedTime(lastRead, now).TotalMilliseconds);
                lastRead = now;
                if (head is not null && headLength < head.Length)
                {
                    var take = Math.Min(read, head.Length - headLength);
                    buffer.AsSpan(0, take).CopyTo(head.AsSpan(headLength));
                    headLength += take;
                    if (FirstTokenStamp.TryRead(head.AsSpan(0, headLength), out var arrived, out var sent))
                    {
                        requestLegMs = Stopwatch.GetElapsedTime(start, arrived).TotalMilliseconds;
                        responseLegMs = Stopwatch.GetElapsedTime(sent, now).TotalMilliseconds;
                        pathFirstTokenMs = requestLegMs + responseLegMs;
                        head = null;
                    }
                }
                AppendTail(tail, ref tailLength, buffer.AsSpan(0, read));
            }
            var latencyMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

            if (response.StatusCode != HttpStatusCode.OK)
                return Failed(start, $"HTTP {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(tail, 0, Math.Min(tailLength, 300))}");
            if (!spec.IsComplete(tail.AsSpan(0, tailLength)))
                return Failed(start, "incomplete answer, ends with: " + System.Text.Encoding.UTF8.GetString(tail, Math.Max(0, tailLength - 200), Math.Min(tailLength, 200)));
            return new CallResult(true, latencyMs, firstByteMs, maxGapMs, cacheHit, null, pathFirstTokenMs, requestLegMs, responseLegMs);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            return Failed(start, e.GetType().Name + ": " + e.Message);
        }
    }

    static CallResult Failed(long start, string error) => new(false, Stopwatch.GetElapsedTime(start).TotalMilliseconds, -1, 0, false, error, -1, -1, -1);

    static void AppendTail(byte[] tail, ref int length, ReadOnlySpan<byte> data)
    {
        if (data.Length >= tail.Length)
        {
            data[^tail.Length..].CopyTo(tail);
            length = tail.Length;
            return;
        }
        var keep = Math.Min(length, tail.Length - data.Length);
        if (keep < length) tail.AsSpan(length - keep, keep).CopyTo(tail);
        data.CopyTo(tail.AsSpan(keep));
        length = keep + data.Length;
    }

    public void Dispose() => _http.Dispose();
}
