namespace OllamaSim.Faults;

/// <summary>A listener that can close its socket and connections when a refusal starts.</summary>
public interface IRefusable
{
    Task CloseAsync(string? keepConnectionId);
}
