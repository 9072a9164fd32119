namespace ModelGateway.Authentication;

/// <summary><c>Authentication:Anonymous</c>: requests without a key, limited per client address.</summary>
public sealed class AnonymousAccessOptions
{
    /// <summary>Off by default: a request without a key gets 401.</summary>
    public bool Enabled { get; set; }

    /// <summary>Patterns like a key's; empty means every model (the local single-user case).</summary>
    public List<string> Models { get; set; } = new();

    public bool Admin { get; set; }

    /// <summary>Per client address; 0 means unlimited.</summary>
    public int RequestsPerMinute { get; set; }

    /// <summary>Per client address; 0 means unlimited.</summary>
    public long TokensPerMinute { get; set; }
}
