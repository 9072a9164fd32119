namespace ModelGateway.Validation.Ollama;

/// <summary>The JSON type Ollama's <c>Options.FromMap</c> requires of a known option key.</summary>
internal enum OllamaOptionKind
{
    Float,
    Int,
    Bool,
    StringArray,
}
