namespace ModelGateway.RateLimiting;

/// <summary>Tokens charged at admission for one request, settled once with the real usage (or kept, if none is known).</summary>
internal sealed class TokenReservation
{
    int _settled;

    public TokenReservation(string partition, string caller, long amount, RateLimitDecision decision, string? id, IRateLimitStore? store)
    {
        Partition = partition;
        Caller = caller;
        Amount = amount;
        Decision = decision;
        Id = id;
        Store = store;
    }

    public string Partition { get; }
    public string Caller { get; }
    public long Amount { get; }
    public RateLimitDecision Decision { get; }

    /// <summary>Null when nothing was charged (refused, or admitted unchecked while Redis was down).</summary>
    public string? Id { get; }

    /// <summary>The store that holds the charge (the one in use at admission, even if config switches meanwhile).</summary>
    public IRateLimitStore? Store { get; }

    /// <summary>True for the first caller only.</summary>
    public bool TryBeginSettle() => Interlocked.Exchange(ref _settled, 1) == 0;
}
