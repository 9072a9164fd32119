namespace ModelGateway.Transforms.Shared;

/// <summary>
/// A token line split across buffer segments is copied to the stack to try the fast path on it; lines longer than
/// this take the full path on the segments as they are.
/// </summary>
internal static class TokenLineCopy
{
    public const int MaxBytes = 1024;
}
