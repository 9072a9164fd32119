namespace ModelGateway.Preloading;

/// <summary>What to do now for one kept model, and when to look again at the latest (a keep-alive running out, a wait after a failure ending).</summary>
/// <param name="Chosen">The workers meant to hold the model, best first.</param>
internal sealed record PreloadPlan(IReadOnlyList<PreloadStep> Steps, IReadOnlyList<string> Chosen, DateTimeOffset? NextCheck);
