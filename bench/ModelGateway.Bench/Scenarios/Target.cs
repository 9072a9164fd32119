using ModelGateway.Bench.Load;
using ModelGateway.Bench.Processes;

namespace ModelGateway.Bench.Scenarios;

/// <summary>Where a phase sends its requests: the simulator itself, nginx, the .NET floor proxy, or a gateway on one of its two paths.</summary>
public sealed record Target(string Name, WireFormat Format, Func<Simulator, string> BaseUrl, Func<IReadOnlyList<int>> ProxyPids, string? ApiKey = null)
{
    public const string Direct = "direct";
    public const string Nginx = "nginx";
    public const string Floor = "dotnet-floor";
    public const string GatewayPassthrough = "gateway-passthrough";
    public const string GatewayOpenAI = "gateway-openai";

    public RequestSpec Request(Simulator upstream, bool stream) =>
        RequestSpec.Chat(BaseUrl(upstream), Format, upstream.Profile.Model, stream, ApiKey);
}
