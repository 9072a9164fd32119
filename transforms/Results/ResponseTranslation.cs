namespace ModelGateway.Transforms.Results;

/// <summary>
/// Outcome of translating one non-streamed native body. On failure nothing usable was written and
/// <see cref="ErrorMessage"/> says why (the worker's error line, or an unusable body).
/// </summary>
public readonly record struct ResponseTranslation(bool Succeeded, UsageCounts Usage, string? ErrorMessage)
{
    public static ResponseTranslation Success(UsageCounts usage) => new(true, usage, null);
    public static ResponseTranslation Failure(string message) => new(false, default, message);
}
