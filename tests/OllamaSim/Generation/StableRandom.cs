namespace OllamaSim.Generation;

/// <summary>A tiny deterministic random sequence (SplitMix64).</summary>
internal struct StableRandom(ulong seed)
{
    ulong _state = seed;

    public ulong Next() => StableHash.Mix(_state += 0x9E3779B97F4A7C15UL);

    public int Next(int maxExclusive) => (int)(Next() % (ulong)maxExclusive);

    /// <summary>Uniform in [-1, 1).</summary>
    public double NextSigned() => (Next() >> 11) * (2.0 / (1UL << 53)) - 1.0;
}
