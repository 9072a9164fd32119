using System.Security.Cryptography;
using System.Text;

namespace ModelGateway.Redis;

/// <summary>A Lua script and its SHA1, run with EVALSHA and loaded on demand (see <see cref="RedisCommands.EvaluateAsync"/>).</summary>
public sealed class RedisScript
{
    public RedisScript(string lua)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(lua);
        Lua = lua;
        Sha1 = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(lua)));
    }

    public string Lua { get; }

    /// <summary>Lower-case hex SHA1 of the UTF-8 text: the name Redis's script cache knows it by.</summary>
    public string Sha1 { get; }
}
