namespace ModelGateway.Preloading;

/// <summary>
/// Chooses where a kept model should be loaded and what to send now. Of the eligible workers (healthy, polled, with
/// the model installed), the wanted number is <c>KeepLoaded</c>, or all of them when fewer. They are ranked:
/// 1. workers that have the model loaded, or a load of it in flight: no cold load needed; among them the one whose
///    keep-alive runs longest first, so several gateways in front of one fleet settle on the same workers and what
///    they loaded beyond that is left to expire;
/// 2. workers without it, least busy first (in flight ÷ Capacity, as the load balancer counts), then by id;
/// 3. workers without it that are waiting after a failed load, the shortest wait first.
/// The wanted number are taken from the top. A chosen worker without the model gets a load (unless it is waiting after
/// a failure); a chosen worker that has it gets a refresh once its keep-alive is within the margin of running out.
/// </summary>
internal static class PreloadPlanner
{
    public static PreloadPlan Plan(IReadOnlyList<PreloadCandidate> candidates, int keepLoaded, TimeSpan refreshMargin, DateTimeOffset now)
    {
        var eligible = candidates.Where(c => c.Eligible).ToList();
        var wanted = Math.Min(keepLoaded, eligible.Count);
        var chosen = eligible
            .OrderBy(c => Rank(c, now))
            .ThenByDescending(c => c.Loaded || c.LoadInFlight ? c.ExpiresAt ?? DateTimeOffset.MaxValue : DateTimeOffset.MinValue)
            .ThenBy(c => c.Loaded || c.LoadInFlight ? 0 : Rank(c, now) == 1 ? c.Utilization : 0)
            .ThenBy(c => Rank(c, now) == 2 ? c.RetryAfter : DateTimeOffset.MinValue)
            .ThenBy(c => c.DestinationId, StringComparer.Ordinal)
            .Take(wanted)
            .ToList();

        var steps = new List<PreloadStep>();
        DateTimeOffset? next = null;
        foreach (var c in chosen)
        {
            if (c.LoadInFlight) continue;
            if (!c.Loaded)
            {
                if (c.RetryAfter <= now) steps.Add(new PreloadStep(c.DestinationId, Refresh: false, ExpiresAt: null));
                else next = Earliest(next, c.RetryAfter);
                continue;
            }
            if (c.ExpiresAt is not { } expiresAt) continue;
            var due = Latest(Latest(expiresAt - refreshMargin, c.RefreshAfter), c.RetryAfter);
            if (due <= now) steps.Add(new PreloadStep(c.DestinationId, Refresh: true, expiresAt));
            else next = Earliest(next, due);
        }
        return new PreloadPlan(steps, chosen.Select(c => c.DestinationId).ToList(), next);
    }

    /// <summary>0: has it (or is getting it); 1: could load it now; 2: waiting after a failure.</summary>
    static int Rank(in PreloadCandidate c, DateTimeOffset now) => c.Loaded || c.LoadInFlight ? 0 : c.RetryAfter <= now ? 1 : 2;

    static DateTimeOffset Earliest(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x < b ? x : b;

    static DateTimeOffset Latest(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
