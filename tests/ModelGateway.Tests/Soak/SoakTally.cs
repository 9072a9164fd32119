using System.Collections.Concurrent;
using System.Text;

namespace ModelGateway.Tests.Soak;

/// <summary>Outcomes counted by kind, and the first few failures described in full for the assertion message.</summary>
public sealed class SoakTally
{
    const int KeptProblems = 20;
    readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    readonly ConcurrentQueue<string> _problems = new();
    long _sent;

    /// <summary>Requests the clients started (each is counted once, whatever its end).</summary>
    public long Sent => Interlocked.Read(ref _sent);

    public void CountSent() => Interlocked.Increment(ref _sent);

    public void Add(string outcome, string? detail = null)
    {
        _counts.AddOrUpdate(outcome, 1, static (_, n) => n + 1);
        if (detail is not null && SoakOutcome.IsFailure(outcome) && _problems.Count < KeptProblems) _problems.Enqueue($"{outcome}: {detail}");
    }

    public long this[string outcome] => _counts.GetValueOrDefault(outcome);

    public long Total => _counts.Values.Sum();

    public long Failures => this[SoakOutcome.Hung] + this[SoakOutcome.Improper];

    /// <summary>Requests that got a status line from the gateway (everything but the client's own early exit and hangs).</summary>
    public long Answered => Total - this[SoakOutcome.LeftEarly] - this[SoakOutcome.Hung];

    public IReadOnlyDictionary<string, long> Counts => _counts.ToDictionary(p => p.Key, p => p.Value);

    public IReadOnlyCollection<string> Problems => _problems.ToArray();

    public void AddAll(SoakTally other)
    {
        foreach (var (outcome, count) in other._counts) _counts.AddOrUpdate(outcome, count, (_, n) => n + count);
        Interlocked.Add(ref _sent, other.Sent);
        foreach (var problem in other._problems)
            if (_problems.Count < KeptProblems) _problems.Enqueue(problem);
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (outcome, count) in _counts.OrderBy(p => p.Key, StringComparer.Ordinal)) text.Append($"{outcome} {count}, ");
        return text.Length == 0 ? "nothing" : text.ToString(0, text.Length - 2);
    }
}
