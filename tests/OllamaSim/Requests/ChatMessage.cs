namespace OllamaSim.Requests;

/// <summary>One conversation message, reduced to what the simulator's reply depends on.</summary>
public sealed record ChatMessage(string Role, string Content, int ImageCount = 0, string? ToolName = null);
