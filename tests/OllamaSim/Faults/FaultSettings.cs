namespace OllamaSim.Faults;

/// <summary>Injected faults for inference requests; an immutable snapshot swapped atomically at run time.</summary>
public sealed record FaultSettings(double FailRate = 0, double HangRate = 0, double DropRate = 0, int SlowFirstTokenMs = 0)
{
    public static readonly FaultSettings None = new();
}
