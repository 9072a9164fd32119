using System.Text.Json.Nodes;

namespace OllamaSim.Generation;

/// <summary>A generated tool call; <see cref="Id"/> is null for versions before 0.12.10.</summary>
public sealed record ToolCallOut(string? Id, int Index, string Name, JsonObject Arguments);
