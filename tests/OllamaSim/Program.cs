using OllamaSim;
using OllamaSim.Configuration;

SimulatorOptions options;
try
{
    options = CommandLine.Parse(args);
}
catch (FormatException e)
{
    Console.Error.WriteLine($"OllamaSim: {e.Message}");
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}

var app = SimulatorHost.Build(options);
app.Lifetime.ApplicationStarted.Register(() =>
{
    var models = string.Join(", ", options.Models.Select(m => m.Name.Display));
    var control = options.ControlPort is { } c ? $", control on port {c}" : "";
    // Always printed (also with --quiet): scripts and test fixtures wait for this line.
    Console.WriteLine($"OllamaSim {options.WorkerName} ready on http://{options.Host}:{options.Port}{control} (version {options.Version}; models: {models})");
});
await app.RunAsync();
return 0;
