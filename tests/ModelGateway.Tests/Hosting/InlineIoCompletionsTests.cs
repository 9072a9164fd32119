using Microsoft.Extensions.Configuration;
using ModelGateway.Hosting;

namespace ModelGateway.Tests.Hosting;

public class InlineIoCompletionsTests
{
    static IConfiguration Config(string? value)
        => new ConfigurationBuilder().AddInMemoryCollection(value is null ? [] : [new("Gateway:InlineIoCompletions", value)]).Build();

    [Test]
    public void OnByDefault() => Assert.That(InlineIoCompletions.IsEnabled(Config(null), environmentSwitch: null), Is.True);

    [TestCase("false", false)]
    [TestCase("true", true)]
    public void TheGatewayKeyDecides_WhenTheEnvironmentIsSilent(string value, bool expected)
        => Assert.That(InlineIoCompletions.IsEnabled(Config(value), environmentSwitch: ""), Is.EqualTo(expected));

    [TestCase("0", "true", false)]
    [TestCase("1", "false", true)]
    public void AnExplicitEnvironmentVariable_WinsOverTheKey(string environment, string value, bool expected)
        => Assert.That(InlineIoCompletions.IsEnabled(Config(value), environment), Is.EqualTo(expected));

    [Test]
    public void TheKeyIsTheGatewayOptionsProperty()
        => Assert.That(InlineIoCompletions.ConfigKey, Is.EqualTo("Gateway:InlineIoCompletions"));
}
