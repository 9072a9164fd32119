using ModelGateway.Bench.Processes;

namespace ModelGateway.Bench.Scenarios;

/// <summary>One row group of the results: a reply shape, a concurrency and a time and request budget per round.</summary>
/// <param name="Stagger">Callers start spread over this time, so long streams arrive steadily instead of in one burst.</param>
public sealed record LoadScenario(string Name, UpstreamProfile Upstream, bool Stream, int Concurrency, TimeSpan Duration, int MaxRequests, TimeSpan Stagger = default)
{
    public string Title => $"{(Stream ? $"stream {Upstream.ReplyTokens} tok" : "non-stream")}{(Upstream.TokenMs > 0 ? $" @{Upstream.TokenMs} ms/tok, {Upstream.FirstTokenMs} ms TTFT" : "")}, c={Concurrency}";
}
