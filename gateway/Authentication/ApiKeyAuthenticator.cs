using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using ModelGateway.Errors;

namespace ModelGateway.Authentication;

/// <summary>
/// Finds the caller of a request from its key (<c>Authorization: Bearer</c> or <c>X-API-Key</c>), or admits it as
/// anonymous when that is enabled. The key table follows the configuration as it reloads.
/// </summary>
/// <remarks>
/// With anonymous access enabled, a key that matches no configured key is served as anonymous rather than refused:
/// the OpenAI SDKs always send some key (Ollama's own compatibility layer ignores it), and such a caller gets nothing
/// a caller without a key would not. A key that does match is that key, expiry included.
/// </remarks>
internal sealed partial class ApiKeyAuthenticator
{
    public const string XApiKeyHeader = "X-API-Key";

    readonly IOptionsMonitor<ApiKeyOptions> _options;
    readonly TimeProvider _time;
    readonly ILogger<ApiKeyAuthenticator> _logger;
    volatile Snapshot? _snapshot;

    public ApiKeyAuthenticator(IOptionsMonitor<ApiKeyOptions> options, TimeProvider time, ILogger<ApiKeyAuthenticator> logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// The caller; throws <see cref="GatewayException"/> (401) for a missing or unknown key (unless anonymous access is
    /// enabled), and for an expired one.
    /// </summary>
    public CallerIdentity Authenticate(HttpContext context)
    {
        var snapshot = Current();
        var presented = PresentedKey(context.Request);
        if (presented.IsEmpty)
            return snapshot.Anonymous is { } anonymous ? Anonymous(context, snapshot, anonymous) : throw AccessErrors.MissingKey();

        // A key already matched since the last reload is found without hashing it again (a SHA-256 per request was
        // most of what keys cost). Only keys that matched are remembered, so this holds at most one entry per key.
        var verified = snapshot.Verified.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!verified.TryGetValue(presented, out var match))
        {
            var hash = ApiKeyHash.Compute(presented.ToString());
            // Every stored hash is compared, in constant time, so the time taken says nothing about which one matched.
            foreach (var key in snapshot.Keys)
                if (CryptographicOperations.FixedTimeEquals(key.Hash, hash)) match = key;
            if (match is null)
            {
                if (snapshot.Anonymous is not { } anonymous) throw AccessErrors.UnknownKey();
                // Not remembered: only matching keys are, so a client cycling through keys cannot grow the table.
                Log.UnknownKeyServedAsAnonymous(_logger, context.Request.Path, context.Connection.RemoteIpAddress?.ToString());
                return Anonymous(context, snapshot, anonymous);
            }
            verified.TryAdd(presented, match);
        }
        if (match.ExpiresAt is { } expiry && _time.GetUtcNow() >= expiry) throw AccessErrors.ExpiredKey();
        return new CallerIdentity
        {
            Name = match.Name,
            IsAdmin = match.Admin,
            ClientAddress = ClientAddressResolver.Resolve(context, snapshot.TrustedProxies)?.ToString(),
            RequestsPerMinute = match.RequestsPerMinute,
            TokensPerMinute = match.TokensPerMinute,
            Models = match.Models,
        };
    }

    static CallerIdentity Anonymous(HttpContext context, Snapshot snapshot, AnonymousPolicy anonymous) => new()
    {
        Name = CallerIdentity.AnonymousName,
        IsAnonymous = true,
        IsAdmin = anonymous.Admin,
        ClientAddress = ClientAddressResolver.Resolve(context, snapshot.TrustedProxies)?.ToString(),
        RequestsPerMinute = anonymous.RequestsPerMinute,
        TokensPerMinute = anonymous.TokensPerMinute,
        Models = anonymous.Models,
    };

    /// <summary>The key from <c>Authorization: Bearer</c> or <c>X-API-Key</c>, trimmed; empty when there is none.</summary>
    static ReadOnlySpan<char> PresentedKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString().AsSpan();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var bearer = authorization["Bearer ".Length..].Trim();
            if (!bearer.IsEmpty) return bearer;
        }
        return request.Headers[XApiKeyHeader].ToString().AsSpan().Trim();
    }

    Snapshot Current()
    {
        var options = _options.CurrentValue;
        var snapshot = _snapshot;
        if (snapshot is not null && ReferenceEquals(snapshot.Source, options)) return snapshot;
        return _snapshot = Build(options);
    }

    /// <summary>Entries the validator would reject are skipped here (the validator keeps them out of a reload anyway).</summary>
    static Snapshot Build(ApiKeyOptions options)
    {
        var keys = new List<StoredKey>();
        foreach (var entry in options.ApiKeys)
        {
            if (string.IsNullOrWhiteSpace(entry.Name) || !ApiKeyHash.TryParse(entry.Hash, out var hash)) continue;
            keys.Add(new StoredKey(entry.Name, hash, ModelAllowList.From(entry.Models), entry.Admin,
                entry.RequestsPerMinute, entry.TokensPerMinute, entry.ExpiresAt));
        }
        var proxies = new List<IPNetwork>();
        foreach (var text in options.TrustedProxies)
            if (ClientAddressResolver.TryParseNetwork(text, out var network)) proxies.Add(network);
        var anonymous = options.Anonymous;
        var anonymousPolicy = anonymous.Enabled
            ? new AnonymousPolicy(anonymous.Admin, anonymous.RequestsPerMinute, anonymous.TokensPerMinute,
                anonymous.Models.Count == 0 ? ModelAllowList.Everything : ModelAllowList.From(anonymous.Models))
            : null;
        return new Snapshot(options, keys.ToArray(), anonymousPolicy, proxies.ToArray());
    }

    sealed record StoredKey(string Name, byte[] Hash, ModelAllowList Models, bool Admin, int RequestsPerMinute, long TokensPerMinute, DateTimeOffset? ExpiresAt);

    sealed record AnonymousPolicy(bool Admin, int RequestsPerMinute, long TokensPerMinute, ModelAllowList Models);

    sealed record Snapshot(ApiKeyOptions Source, StoredKey[] Keys, AnonymousPolicy? Anonymous, IPNetwork[] TrustedProxies)
    {
        /// <summary>Presented keys that matched, with their entry; a reload starts a new snapshot and so forgets them.</summary>
        public ConcurrentDictionary<string, StoredKey> Verified { get; } = new(StringComparer.Ordinal);
    }

    static partial class Log
    {
        // Debug: a typo in a real key silently gets anonymous rights, and this is how an operator finds out. Never the key.
        [LoggerMessage(EventId = 52, Level = LogLevel.Debug, Message = "A request to {Path} from {Peer} presented a key that matches no configured key; served as anonymous")]
        public static partial void UnknownKeyServedAsAnonymous(ILogger logger, string path, string? peer);
    }
}
