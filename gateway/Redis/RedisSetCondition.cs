namespace ModelGateway.Redis;

/// <summary>When SET writes: always, only if the key is absent (NX), or only if it exists (XX).</summary>
public enum RedisSetCondition
{
    Always,
    IfNotExists,
    IfExists,
}
