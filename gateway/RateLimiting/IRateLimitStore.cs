namespace ModelGateway.RateLimiting;

/// <summary>
/// Where budgets are counted: in this process, or in Redis shared by every instance. Both keep a sliding window of
/// <see cref="RateLimitOptions.Window"/>. Redis failures surface as exceptions; the caller decides open or closed.
/// </summary>
internal interface IRateLimitStore
{
    /// <summary>Charges one request to the partition when it fits in <paramref name="limit"/>.</summary>
    ValueTask<RateLimitDecision> AcquireRequestAsync(string partition, long limit, CancellationToken cancellationToken);

    /// <summary>Charges <paramref name="amount"/> tokens when they fit; the id names the charge for a later adjustment.</summary>
    ValueTask<(RateLimitDecision Decision, string? ReservationId)> ReserveTokensAsync(string partition, long amount, long limit, CancellationToken cancellationToken);

    /// <summary>Corrects a charge by <paramref name="delta"/> (real usage minus the estimate); a no-op once it left the window.</summary>
    ValueTask AdjustTokensAsync(string partition, string reservationId, long delta, CancellationToken cancellationToken);
}
