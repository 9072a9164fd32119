namespace ModelGateway.Preloading;

/// <summary>One kept model: how many workers should hold it and how many do.</summary>
/// <param name="Model">The worker-side name, normalised as in metrics (<c>llama3.2:3b</c>).</param>
/// <param name="KeepLoaded">As configured.</param>
/// <param name="Wanted">KeepLoaded, or fewer when fewer healthy workers have the model installed.</param>
/// <param name="Loaded">Healthy workers that have it installed and loaded now.</param>
public sealed record KeptModelStatus(string Model, string ClusterId, int KeepLoaded, int Wanted, int Loaded);
