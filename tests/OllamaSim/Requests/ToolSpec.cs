using System.Text.Json;

namespace OllamaSim.Requests;

/// <summary>A function tool offered in a chat request; <see cref="Parameters"/> is its JSON schema (or null).</summary>
public sealed record ToolSpec(string Name, string Description, JsonElement? Parameters);
