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

    [Test]
    public void KeysHash_HashesTheKeyOnStandardInput()
    {
        var output = new StringWriter();
        Assert.That(ApiKeyCommand.Run(["keys", "hash"], new StringReader("mg-abc\n"), output, new StringWriter()), Is.EqualTo(0));
        Assert.That(output.ToString().Trim(), Is.EqualTo(ApiKeyHash.Format(ApiKeyHash.Compute("mg-abc"))));
    }
}
