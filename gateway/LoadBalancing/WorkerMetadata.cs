using System.Globalization;
using System.Runtime.CompilerServices;
using Yarp.ReverseProxy.Model;

namespace ModelGateway.LoadBalancing;

/// <summary>A destination's <c>Weight</c> and <c>Capacity</c> metadata, parsed once per configuration version.</summary>
public sealed class WorkerMetadata
{
    // DestinationModel is replaced whenever its config changes, so this cache invalidates itself.
    static readonly ConditionalWeakTable<DestinationModel, WorkerMetadata> Cache = new();

    public double Weight { get; }

    /// <summary>Parallel requests the worker runs at once (its OLLAMA_NUM_PARALLEL); null when not configured.</summary>
    public int? Capacity { get; }

    WorkerMetadata(double weight, int? capacity)
    {
        Weight = weight;
        Capacity = capacity;
    }

    public static WorkerMetadata For(DestinationState destination)
        => Cache.GetValue(destination.Model, static model => Parse(model.Config.Metadata));

    static WorkerMetadata Parse(IReadOnlyDictionary<string, string>? metadata)
    {
        var weight = metadata?.GetValueOrDefault("Weight") is { } w && double.TryParse(w, NumberStyles.Float, CultureInfo.InvariantCulture, out var pw) && pw > 0 ? pw : 1.0;
        int? capacity = metadata?.GetValueOrDefault("Capacity") is { } c && int.TryParse(c, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pc) && pc > 0 ? pc : null;
        return new WorkerMetadata(weight, capacity);
    }
}
