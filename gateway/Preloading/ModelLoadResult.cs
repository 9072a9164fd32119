namespace ModelGateway.Preloading;

/// <summary>How a load request ended: loaded, or why not (<see cref="ModelMissing"/> when the worker no longer has the model).</summary>
internal sealed record ModelLoadResult(bool Succeeded, string? Error, bool ModelMissing = false)
{
    public static readonly ModelLoadResult Loaded = new(true, null);

    public static ModelLoadResult Failed(string error, bool modelMissing = false) => new(false, error, modelMissing);
}
