namespace OllamaSim.Faults;

/// <summary>A listener that can close its socket and connections when a refusal starts, and bind again after it.</summary>
public interface IRefusable
{
    Task CloseAsync(string? keepConnectionId);

    Task OpenAsync();
}
