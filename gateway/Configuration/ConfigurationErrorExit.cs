namespace ModelGateway.Configuration;

/// <summary>
/// How the gateway refuses to start with a configuration it cannot use: one line per problem on standard error, each
/// naming the key at fault, then one line saying it did not start; exit code 2. No stack trace: the problem is in the
/// file (or an override), not in the program.
/// </summary>
public static class ConfigurationErrorExit
{
    public const int ExitCode = 2;

    public static int Report(IEnumerable<string> problems, string? path, TextWriter error)
    {
        foreach (var problem in problems)
            error.WriteLine("configuration error: " + problem.ReplaceLineEndings(" "));
        var where = path is null ? "the configuration" : $"the configuration ('{path}' and any environment or command-line overrides)";
        error.WriteLine($"ModelGateway did not start: fix {where} and start it again");
        error.Flush();
        return ExitCode;
    }
}
