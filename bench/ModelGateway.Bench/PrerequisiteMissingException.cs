namespace ModelGateway.Bench;

/// <summary>A tool the benchmark needs is not installed; the message names the command that installs it.</summary>
public sealed class PrerequisiteMissingException(string message) : Exception(message);
