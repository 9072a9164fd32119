using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ModelGateway.Authentication;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Authentication;

public class ApiKeyCommandTests
{
    [Test]
    public async Task KeysNew_PrintsTheKeyOnce_AndAnEntryWhoseHashIsTheKeys()
    {
        // The real program: the command must run before the host is built (no configuration needed).
        await using var process = TestProcess.StartDotnet("keys-new", RepoLayout.GatewayDll,
            ["keys", "new", "--name", "team-a", "--models", "llama3*,qwen3:8b", "--rpm", "60", "--tpm", "100000", "--admin"]);
        Assert.That(await process.WaitForExitAsync(TimeSpan.FromSeconds(30)), Is.EqualTo(0), process.Output);
        await Task.Delay(100);
        var output = process.Output;

        var keys = Regex.Matches(output, @"mg-[A-Za-z0-9_-]{43}").Select(m => m.Value).ToList();
        Assert.That(keys, Has.Count.EqualTo(1), output);
        var entryLine = output.Split('\n').Single(l => l.TrimStart().StartsWith('{'));
        var entry = JsonNode.Parse(entryLine)!.AsObject();
        Assert.That((string?)entry["Name"], Is.EqualTo("team-a"));
        Assert.That((string?)entry["Hash"], Is.EqualTo(ApiKeyHash.Format(ApiKeyHash.Compute(keys[0]))));
        Assert.That(entry["Models"]!.AsArray().Select(m => (string?)m), Is.EqualTo(new[] { "llama3*", "qwen3:8b" }));
        Assert.That((bool?)entry["Admin"], Is.True);
        Assert.That((long?)entry["RequestsPerMinute"], Is.EqualTo(60));
        Assert.That((long?)entry["TokensPerMinute"], Is.EqualTo(100000));
    }

    [Test]
    public void KeysNew_MintsADifferentKeyEachTime()
    {
        var first = ApiKeyCommand.Mint();
        Assert.That(ApiKeyCommand.Mint(), Is.Not.EqualTo(first));
    }

    [TestCase(new[] { "keys", "new" }, "--name is required")]
    [TestCase(new[] { "keys", "new", "--name", "bad name" }, "--name 'bad name'")]
    [TestCase(new[] { "keys", "new", "--name", "a", "--rpm", "many" }, "--rpm: 'many'")]
    [TestCase(new[] { "keys", "new", "--name", "a", "--models", "llama 3" }, "--models")]
    [TestCase(new[] { "keys", "new", "--name", "a", "--models", "" }, "--models is empty")]
    [TestCase(new[] { "keys", "new", "--name", "a", "--models", " , " }, "--models is empty")]
    [TestCase(new[] { "keys", "new", "--name", "a", "--expires", "2001-01-01" }, "--expires: '2001-01-01' is in the past")]
    [TestCase(new[] { "keys", "rotate" }, "unknown command 'keys rotate'")]
    public void BadArguments_ExitWithUsage(string[] args, string message)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = ApiKeyCommand.Run(args, new StringReader(""), output, error);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(error.ToString(), Does.Contain(message).And.Contain("usage:"));
        Assert.That(output.ToString(), Is.Empty);
    }

    sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [TestCase("2030-06-01T11:59:59Z", 2)]
    [TestCase("2030-06-01T12:00:00Z", 2)]
    [TestCase("2030-06-01T14:00:00+02:00", 2)]
    [TestCase("2030-06-01T12:00:01Z", 0)]
    [TestCase("2030-06-02", 0)]
    public void KeysNew_Expires_MustBeAfterNow(string expires, int exitCode)
    {
        var clock = new FixedClock(new DateTimeOffset(2030, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.That(ApiKeyCommand.Run(["keys", "new", "--name", "a", "--expires", expires], new StringReader(""), output, error, clock), Is.EqualTo(exitCode), error.ToString());
        if (exitCode == 0) Assert.That(output.ToString(), Does.Contain("\"ExpiresAt\":"));
        else Assert.That(error.ToString(), Does.Contain("is in the past").And.Contain("now 2030-06-01T12:00:00Z"));
    }

    [TestCase("--help")]
    [TestCase("-h")]
    [TestCase("help")]
    [TestCase("new", "--help")]
    [TestCase("new", "-h")]
    [TestCase("new", "--name", "a", "--help")]
    [TestCase("hash", "--help")]
    public void Help_PrintsTheUsageToStandardOutput_AndSucceeds(params string[] rest)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.That(ApiKeyCommand.Run(["keys", .. rest], new StringReader(""), output, error), Is.EqualTo(0));
        Assert.That(output.ToString(), Does.StartWith("usage:").And.Contain("keys new --name NAME"));
        Assert.That(output.ToString(), Does.Not.Contain("mg-"), "asking for help mints no key");
        Assert.That(error.ToString(), Is.Empty);
    }

    [Test]
    public async Task KeysHelp_FromTheRealProgram_ExitsZero()
    {
        await using var process = TestProcess.StartDotnet("keys-help", RepoLayout.GatewayDll, ["keys", "new", "--help"]);
        Assert.That(await process.WaitForExitAsync(TimeSpan.FromSeconds(30)), Is.EqualTo(0), process.Output);
        await Task.Delay(100);
        Assert.That(process.Output, Does.Contain("usage: ModelGateway keys new"));
    }

    [Test]
    public void KeysHash_HashesTheKeyOnStandardInput()
    {
        var output = new StringWriter();
        Assert.That(ApiKeyCommand.Run(["keys", "hash"], new StringReader("mg-abc\n"), output, new StringWriter()), Is.EqualTo(0));
        Assert.That(output.ToString().Trim(), Is.EqualTo(ApiKeyHash.Format(ApiKeyHash.Compute("mg-abc"))));
    }
}
