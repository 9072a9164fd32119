using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Validation.Gateway;

/// <summary>A bad <c>Validation</c> section stops the gateway at start-up, naming the key.</summary>
public class ValidationStartupTests
{
    [TestCase("""{"MaxMessages":0}""", "Validation:MaxMessages must be between 1 and 1000000")]
    [TestCase("""{"ToolNamePattern":"([a-z"}""", "Validation:ToolNamePattern '([a-z' is not a valid regular expression")]
    [TestCase("""{"BodyReadTimeout":"00:00:00"}""", "Validation:BodyReadTimeout must be between")]
    [TestCase("""{"ContextLengths":[{"Model":"llama3.2:3b","Tokens":0}]}""", "Validation:ContextLengths:0:Tokens must be a positive number")]
    public async Task An_invalid_Validation_section_stops_start_up_naming_the_key(string section, string expected)
    {
        var config = """{"ReverseProxy":{"Clusters":{"gpu":{"Destinations":{"w":{"Address":"http://127.0.0.1:1"}}}}},"Validation":""" + section + "}";
        var (exitCode, output) = await GatewayProcess.StartExpectingFailureAsync(config);
        Assert.That(exitCode, Is.Not.Zero);
        Assert.That(output, Does.Contain(expected));
    }
}
