namespace ModelGateway.Configuration;

/// <summary>
/// The configuration cannot be used: malformed JSON or values that fail validation. <see cref="Problems"/> holds one
/// line per problem, each naming the key at fault, so start-up can print them one by one.
/// </summary>
public sealed class FleetConfigurationException : Exception
{
    FleetConfigurationException(string path, string message, IReadOnlyList<string> problems, Exception? inner)
        : base(message, inner)
    {
        Path = path;
        Problems = problems;
    }

    /// <summary>The fleet file the configuration came from (environment and command-line overrides apply on top).</summary>
    public string Path { get; }

    public IReadOnlyList<string> Problems { get; }

    public static FleetConfigurationException Invalid(string path, IReadOnlyList<string> problems)
        => new(path, $"configuration file '{path}' is invalid: {string.Join("; ", problems.Select(p => p.TrimEnd('.')))}", problems, null);

    /// <summary>The file exists but cannot be read: no permission for the gateway's user (a container's), or a directory.</summary>
    public static FleetConfigurationException Unreadable(string path, Exception error)
        => new(path, $"configuration file '{path}' cannot be read: {error.Message}",
            [$"{path} cannot be read by user '{Environment.UserName}': {error.Message}"], error);

    public static FleetConfigurationException NotJson(string path, Exception error)
        => new(path, $"configuration file '{path}' is not valid JSON: {error.Message}", [$"{path} is not valid JSON: {error.Message}"], error);
}
