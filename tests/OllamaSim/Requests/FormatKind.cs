namespace OllamaSim.Requests;

/// <summary>What the <c>format</c> field asks for.</summary>
public enum FormatKind { Text, Json, Schema }
