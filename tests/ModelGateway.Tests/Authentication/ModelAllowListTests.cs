using ModelGateway.Authentication;
using ModelGateway.Routing;

namespace ModelGateway.Tests.Authentication;

public class ModelAllowListTests
{
    [TestCase("llama3.2", "llama3.2:latest", true)]
    [TestCase("llama3.2", "llama3.2:3b", false)]
    [TestCase("Llama3.2:3B", "llama3.2:3b", true)]
    [TestCase("library/llama3.2:3b", "llama3.2:3b", true)]
    [TestCase("llama3*", "llama3.2:3b", true)]
    [TestCase("llama3*", "llama3:latest", true)]
    [TestCase("llama3*", "qwen3:8b", false)]
    [TestCase("*:7b", "mistral:7b", true)]
    [TestCase("*:7b", "mistral:70b", false)]
    [TestCase("qwen*:*b", "qwen3:8b", true)]
    [TestCase("*", "anything/at-all:tag", true)]
    public void Pattern_MatchesNormalizedNames(string pattern, string normalizedName, bool expected)
    {
        Assert.That(ModelPattern.TryParse(pattern, out var parsed, out var error), Is.True, error);
        Assert.That(parsed.Matches(normalizedName), Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("llama 3*")]
    [TestCase("a/b/c/d*")]
    [TestCase("llama3$")]
    public void Pattern_RejectsWhatIsNotAModelNameOrWildcard(string pattern)
    {
        Assert.That(ModelPattern.TryParse(pattern, out _, out var error), Is.False);
        Assert.That(error, Is.Not.Empty);
    }

    [Test]
    public void AllowList_GrantsAnAliasByItsNameOrByTheModelBehindIt()
    {
        var alias = new ModelRoute("fast", "llama3.2:3b", "gpu", IsConfigured: true);
        Assert.That(ModelAllowList.From(["fast"]).Allows(alias), Is.True);
        Assert.That(ModelAllowList.From(["llama3*"]).Allows(alias), Is.True);
        Assert.That(ModelAllowList.From(["qwen*"]).Allows(alias), Is.False);
        Assert.That(ModelAllowList.From(["fast"]).Allows(new ModelRoute("llama3.2:3b", "llama3.2:3b", "gpu", true)), Is.False);
    }
}
