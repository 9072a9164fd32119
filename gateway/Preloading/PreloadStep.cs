namespace ModelGateway.Preloading;

/// <summary>A load to send now: to a worker that does not have the model loaded, or one whose keep-alive runs out soon (<see cref="ExpiresAt"/>).</summary>
internal readonly record struct PreloadStep(string DestinationId, bool Refresh, DateTimeOffset? ExpiresAt);
