namespace OllamaSim.Faults;

/// <summary>Holds the current <see cref="FaultSettings"/> and draws, per inference request, which fault (if any) applies.</summary>
public sealed class FaultInjector(FaultSettings initial)
{
    FaultSettings _settings = initial;

    public const string FailureMessage = "llama runner process has terminated: simulated failure (fail-rate)";

    public FaultSettings Settings
    {
        get => Volatile.Read(ref _settings);
        set => Volatile.Write(ref _settings, value);
    }

    /// <summary>One draw decides between fail, hang and drop so their rates add up instead of shadowing each other.</summary>
    public FaultKind Draw()
    {
        var s = Settings;
        if (s.FailRate <= 0 && s.HangRate <= 0 && s.DropRate <= 0) return FaultKind.None;
        var x = Random.Shared.NextDouble();
        if (x < s.FailRate) return FaultKind.Fail;
        if (x < s.FailRate + s.HangRate) return FaultKind.Hang;
        if (x < s.FailRate + s.HangRate + s.DropRate) return FaultKind.Drop;
        return FaultKind.None;
    }
}
