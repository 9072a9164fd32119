using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;
using ModelGateway.Errors;
using ModelGateway.Redis;
using ModelGateway.Transforms.Responses;

namespace ModelGateway.OpenAI.Responses;

/// <summary>
/// Stored responses in the gateway's distributed store (<see cref="IDistributedCache"/>: memory on one instance,
/// Redis when Redis:Endpoint is set, so every instance sees them), under <c>responses:&lt;id&gt;</c>, for
/// Responses:StoreFor. An entry is found only by the owner that stored it; anyone else is told it does not exist.
/// </summary>
internal sealed partial class ResponseStore
{
    const string KeyPrefix = "responses:";

    readonly IDistributedCache _cache;
    readonly IOptionsMonitor<ResponsesOptions> _options;
    readonly ILogger<ResponseStore> _logger;

    public ResponseStore(IDistributedCache cache, IOptionsMonitor<ResponsesOptions> options, ILogger<ResponseStore> logger)
    {
        _cache = cache;
        _options = options;
        _logger = logger;
    }

    /// <exception cref="GatewayException">503 when the store cannot be reached.</exception>
    public async Task<StoredResponse?> FindAsync(string id, string owner, CancellationToken cancellation)
    {
        if (!IsResponseId(id)) return null;
        byte[]? entry;
        try
        {
            entry = await _cache.GetAsync(KeyPrefix + id, cancellation);
        }
        catch (RedisException ex)
        {
            throw Unavailable(ex);
        }
        return entry is null ? null : StoredResponse.Read(entry, owner);
    }

    /// <summary>Keeps a finished response. A store that fails is logged: the client still gets its answer.</summary>
    public async ValueTask SaveAsync(ResponsesCall call, ResponseResult result, CancellationToken cancellation)
    {
        var entry = StoredResponse.Write(call.Owner, result.Json, call.Request.ConversationAfter(result));
        try
        {
            await _cache.SetAsync(KeyPrefix + call.Id, entry,
                new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = _options.CurrentValue.StoreFor }, cancellation);
        }
        catch (RedisException ex)
        {
            Log.NotStored(_logger, call.Id, ex.Message);
        }
    }

    /// <returns>False when there was no such response of this owner.</returns>
    /// <exception cref="GatewayException">503 when the store cannot be reached.</exception>
    public async Task<bool> DeleteAsync(string id, string owner, CancellationToken cancellation)
    {
        if (await FindAsync(id, owner, cancellation) is null) return false;
        try
        {
            await _cache.RemoveAsync(KeyPrefix + id, cancellation);
        }
        catch (RedisException ex)
        {
            throw Unavailable(ex);
        }
        return true;
    }

    /// <summary><c>resp_</c> and letters or digits: anything else was never issued, and never becomes a store key.</summary>
    static bool IsResponseId(string id)
        => id.Length is > 5 and <= 128 && id.StartsWith("resp_", StringComparison.Ordinal) && id.AsSpan(5).ContainsAnyExcept(IdCharacters) is false;

    static readonly System.Buffers.SearchValues<char> IdCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");

    static GatewayException Unavailable(RedisException ex) => new(StatusCodes.Status503ServiceUnavailable,
        "Stored responses are unavailable right now (the gateway's store cannot be reached); retry later.", "server_error",
        code: "store_unavailable", retryAfter: TimeSpan.FromSeconds(1), inner: ex);

    static partial class Log
    {
        [LoggerMessage(EventId = 120, Level = LogLevel.Warning, Message = "Response {ResponseId} was answered but could not be stored: {Reason}")]
        public static partial void NotStored(ILogger logger, string responseId, string reason);
    }
}
