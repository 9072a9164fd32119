using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ModelGateway.Fallbacks;

/// <summary>The fallback step's instrument on the gateway's "ModelGateway" meter.</summary>
internal sealed class FallbackMetrics
{
    public const string MeterName = "ModelGateway";

    /// <summary>The <c>fallback</c> label of a request no fallback could answer.</summary>
    public const string None = "none";

    readonly Counter<long> _fallbacks;

    public FallbackMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _fallbacks = meter.CreateCounter<long>("modelgateway.model.fallbacks", "{request}",
            "Requests their model could not answer, by model, the fallback that answered instead (none when none could) and reason.");
    }

    /// <param name="model">The requested model's normalised worker-side name: always a configured one, as only those have fallbacks.</param>
    /// <param name="fallback">The answering fallback's normalised worker-side name (taken from the Fallbacks list, so bounded by the configuration), or <see cref="None"/>.</param>
    public void Record(string model, string fallback, string reason)
        => _fallbacks.Add(1, new TagList { { "model", model }, { "fallback", fallback }, { "reason", reason } });
}
