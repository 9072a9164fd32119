namespace ModelGateway.Tests.Fixtures;

/// <summary>Paths of the repository and of the built programs the tests start as processes.</summary>
public static class RepoLayout
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the programs are taken from the same configuration the tests were built in.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    public static string GatewayDll => Built("gateway", "ModelGateway.dll");
    public static string SimulatorDll => Built("tests/OllamaSim", "OllamaSim.dll");
    public static string SharedDir => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    static string Built(string projectDir, string dll)
    {
        var path = Path.Combine(Root, projectDir, "bin", Configuration, "net10.0", dll);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} is missing: build the solution first (dotnet build -c {Configuration} ModelGateway.sln).");
        return path;
    }

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ModelGateway.sln")))
                return dir.FullName;
        throw new InvalidOperationException("ModelGateway.sln not found above " + AppContext.BaseDirectory);
    }
}
