using global::OllamaSim.Configuration;
using global::OllamaSim.Models;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.OllamaSim;

/// <summary>The simulator's flags, model-name normalisation and Go durations (in process), plus a real bad start.</summary>
[TestFixture]
public sealed class CommandLineTests
{
    [Test]
    public void Defaults_MatchTheDocumentedOnes()
    {
        var o = CommandLine.Parse([]);

        Assert.That((o.Host, o.Port, o.Version, o.WorkerName), Is.EqualTo(("127.0.0.1", 11434, "0.12.10", "sim-11434")));
        Assert.That(o.Models.Select(m => m.Name.Display), Is.EqualTo(new[] { "llama3.2:3b", "qwen3:8b", "llava:7b", "all-minilm:latest" }));
        Assert.That(o.Models[1].Caps, Is.EqualTo(Capability.Completion | Capability.Tools | Capability.Thinking));
        Assert.That((o.ReplyTokens, o.Parallel, o.MaxQueue, o.EmbeddingDimensions), Is.EqualTo((12, 1, 512, 384)));
    }

    [Test]
    public void Flags_AreParsed_WithModelCapabilitiesAndRates()
    {
        var o = CommandLine.Parse(["--port", "12000", "--models", "Llama3.2,nomic-embed-text=embedding,x:1b=completion|vision",
            "--tokens-per-second", "50", "--fail-rate=0.25", "--refuse", "--quiet", "--name", "gpu-a"]);

        Assert.That(o.Models.Select(m => m.Name.Display), Is.EqualTo(new[] { "Llama3.2:latest", "nomic-embed-text:latest", "x:1b" }));
        Assert.That(o.Models[0].Caps, Is.EqualTo(Capability.Completion | Capability.Tools), "default capabilities");
        Assert.That(o.Models[2].Caps, Is.EqualTo(Capability.Completion | Capability.Vision));
        Assert.That(o.TimeBetweenTokens, Is.EqualTo(TimeSpan.FromMilliseconds(20)));
        Assert.That(o.Faults.FailRate, Is.EqualTo(0.25));
        Assert.That(o.RefuseAtStart, Is.EqualTo(Timeout.InfiniteTimeSpan));
        Assert.That((o.Quiet, o.WorkerName), Is.EqualTo((true, "gpu-a")));
    }

    [TestCase("--port", "0", "--port: 0 is outside 1..65535")]
    [TestCase("--fail-rate", "1.5", "--fail-rate: 1.5 is outside 0..1")]
    [TestCase("--models", "a=flying", "--models: a: unknown capability 'flying' (use completion, tools, insert, vision, embedding, thinking)")]
    [TestCase("--preload", "nope", "--preload: 'nope' is not one of --models")]
    [TestCase("--version", "latest", "--version: 'latest' is not a version like 0.12.10")]
    [TestCase("--bogus", "1", "unknown option '--bogus'")]
    public void BadFlags_FailNamingTheFlag(string flag, string value, string message)
    {
        Assert.That(() => CommandLine.Parse([flag, value]), Throws.InstanceOf<FormatException>().With.Message.EqualTo(message));
    }

    [TestCase("llama3.2", "llama3.2:latest", "registry.ollama.ai/library/llama3.2:latest")]
    [TestCase("registry.ollama.ai/library/x:1b", "x:1b", "registry.ollama.ai/library/x:1b")]
    [TestCase("jmorgan/grok", "jmorgan/grok:latest", "registry.ollama.ai/jmorgan/grok:latest")]
    [TestCase("hf.co/bartowski/Qwen2.5-7B-Instruct-GGUF:Q4_K_M", "hf.co/bartowski/Qwen2.5-7B-Instruct-GGUF:Q4_K_M", "hf.co/bartowski/Qwen2.5-7B-Instruct-GGUF:Q4_K_M")]
    [TestCase("localhost:5000/ns/m:tag", "localhost:5000/ns/m:tag", "localhost:5000/ns/m:tag")]
    public void ModelNames_NormaliseLikeOllama(string text, string display, string full)
    {
        var name = ModelName.Parse(text);
        Assert.That((name.Display, name.Full), Is.EqualTo((display, full)));
        Assert.That(ModelName.Parse(text.ToUpperInvariant()).Key, Is.EqualTo(name.Key), "case-insensitive identity");
    }

    [TestCase("")]
    [TestCase("bad name")]
    [TestCase("a/b/c/d")]
    [TestCase("-leading")]
    [TestCase("x:")]
    public void InvalidModelNames_AreRejected(string text) => Assert.That(ModelName.TryParse(text, out _), Is.False);

    [TestCase("5m", 300_000)]
    [TestCase("1h30m", 5_400_000)]
    [TestCase("300ms", 300)]
    [TestCase("1.5s", 1_500)]
    [TestCase("0", 0)]
    public void GoDurations_Parse(string text, int ms)
    {
        Assert.That(GoDuration.TryParse(text, out var value, out _), Is.True);
        Assert.That(value, Is.EqualTo(TimeSpan.FromMilliseconds(ms)));
    }

    [TestCase("10", "time: missing unit in duration \"10\"")]
    [TestCase("5x", "time: unknown unit \"x\" in duration \"5x\"")]
    [TestCase("abc", "time: invalid duration \"abc\"")]
    public void BadGoDurations_HaveGosMessages(string text, string error)
    {
        Assert.That(GoDuration.TryParse(text, out _, out var message), Is.False);
        Assert.That(message, Is.EqualTo(error));
    }

    [Test]
    public async Task TheProgram_ExitsWithCode2AndUsage_OnABadFlag()
    {
        await using var process = TestProcess.StartDotnet("ollama-sim-bad-flag", RepoLayout.SimulatorDll, ["--parallel", "zero"]);

        Assert.That(await process.WaitForExitAsync(TimeSpan.FromSeconds(20)), Is.EqualTo(2));
        await Task.Delay(100);
        Assert.That(process.Output, Does.Contain("OllamaSim: --parallel: 'zero' is not a number"));
        Assert.That(process.Output, Does.Contain("usage: OllamaSim"));
    }
}
