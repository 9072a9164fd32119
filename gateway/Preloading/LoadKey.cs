namespace ModelGateway.Preloading;

/// <summary>One model on one worker.</summary>
internal readonly record struct LoadKey(string ClusterId, string DestinationId, string Model);
