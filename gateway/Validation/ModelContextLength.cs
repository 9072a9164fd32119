namespace ModelGateway.Validation;

/// <summary>
/// One entry of <c>Validation:ContextLengths</c>. A list rather than a map because model names contain ':', which
/// configuration keys cannot.
/// </summary>
public sealed class ModelContextLength
{
    /// <summary>Model name as configured in <c>Models</c> (worker name or alias), e.g. <c>llama3.2:3b</c>.</summary>
    public string? Model { get; set; }

    /// <summary>The model's context window in tokens.</summary>
    public int Tokens { get; set; }
}
