namespace ModelGateway.Authentication;

/// <summary>One element of <c>Authentication:ApiKeys</c>: a key known only by its SHA-256 hash.</summary>
public sealed class ApiKeyEntry
{
    /// <summary>Shown in logs, metrics and errors instead of the key.</summary>
    public string Name { get; set; } = "";

    /// <summary><c>sha256:</c> followed by 64 hex digits (the prefix may be left out).</summary>
    public string Hash { get; set; } = "";

    /// <summary>Model names or wildcard patterns (<c>llama3*</c>, <c>*</c>) the key may use.</summary>
    public List<string> Models { get; set; } = new();

    /// <summary>May call Ollama's model-management endpoints (pull, push, delete, create, copy, blobs).</summary>
    public bool Admin { get; set; }

    /// <summary>Sliding one-minute request budget; 0 means unlimited.</summary>
    public int RequestsPerMinute { get; set; }

    /// <summary>Sliding one-minute token budget (prompt + generated); 0 means unlimited.</summary>
    public long TokensPerMinute { get; set; }

    /// <summary>After this instant the key is refused as if unknown (with its own message).</summary>
    public DateTimeOffset? ExpiresAt { get; set; }
}
