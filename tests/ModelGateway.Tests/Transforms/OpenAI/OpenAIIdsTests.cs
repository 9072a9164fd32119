using System.Text.RegularExpressions;
using ModelGateway.Transforms.OpenAI;

namespace ModelGateway.Tests.Transforms.OpenAI;

public class OpenAIIdsTests
{
    static readonly (string Prefix, Func<string> Next)[] Kinds =
    [
        ("chatcmpl-", OpenAIIds.NewChatCompletionId),
        ("cmpl-", OpenAIIds.NewCompletionId),
        ("call_", OpenAIIds.NewToolCallId),
    ];

    [Test]
    public void EachKindHasOpenAIsPrefixAnd24Alphanumerics()
    {
        foreach (var (prefix, next) in Kinds)
            Assert.That(next(), Does.Match("^" + Regex.Escape(prefix) + "[A-Za-z0-9]{24}$"));
    }

    [Test]
    public void TenThousandIdsNeverRepeat_AndUseTheWholeAlphabet()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => OpenAIIds.NewChatCompletionId()).ToList();
        Assert.That(ids.Distinct().Count(), Is.EqualTo(ids.Count));
        var used = ids.SelectMany(id => id["chatcmpl-".Length..]).Distinct().Count();
        Assert.That(used, Is.EqualTo(62), "every letter and digit turns up over 240,000 random characters");
    }
}
