namespace ModelGateway.Validation.Transport;

/// <summary>
/// What a scan of a body found: a structural problem (<see cref="Problem"/>, at <see cref="Path"/>), or none, plus the
/// top-level model. A syntax error is not a problem here: each surface's own parser reports it in its words.
/// </summary>
internal sealed class JsonStructureReport
{
    public string? Problem { get; init; }

    /// <summary>JSON path of the offending container or value; null for the body as a whole.</summary>
    public string? Path { get; init; }

    /// <summary>
    /// For a body read to its end without a syntax error: what <see cref="Forwarding.ModelField.Find"/> answers for it
    /// (the top-level model, or its error). Null otherwise; Find then reads the body itself.
    /// </summary>
    public (Forwarding.ModelField Field, string? Error)? Model { get; init; }
}
