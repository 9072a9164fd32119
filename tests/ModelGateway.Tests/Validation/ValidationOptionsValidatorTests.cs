using ModelGateway.Validation;

namespace ModelGateway.Tests.Validation;

public class ValidationOptionsValidatorTests
{
    static IEnumerable<string> Failures(ValidationOptions options)
        => new ValidationOptionsValidator().Validate(null, options).Failures ?? [];

    [Test]
    public void The_defaults_are_valid()
        => Assert.That(new ValidationOptionsValidator().Validate(null, new ValidationOptions()).Succeeded, Is.True);

    static IEnumerable<TestCaseData> BadValues()
    {
        yield return new TestCaseData(new ValidationOptions { MaxMessages = 0 }, "Validation:MaxMessages");
        yield return new TestCaseData(new ValidationOptions { MaxContentCharacters = 0 }, "Validation:MaxContentCharacters");
        yield return new TestCaseData(new ValidationOptions { MaxTools = -1 }, "Validation:MaxTools");
        yield return new TestCaseData(new ValidationOptions { ToolNamePattern = "([a-z" }, "Validation:ToolNamePattern");
        yield return new TestCaseData(new ValidationOptions { ToolNamePattern = "" }, "Validation:ToolNamePattern");
        yield return new TestCaseData(new ValidationOptions { MaxImages = -1 }, "Validation:MaxImages");
        yield return new TestCaseData(new ValidationOptions { MaxEmbeddingInputs = 0 }, "Validation:MaxEmbeddingInputs");
        yield return new TestCaseData(new ValidationOptions { MaxJsonDepth = 200 }, "Validation:MaxJsonDepth");
        yield return new TestCaseData(new ValidationOptions { MaxJsonArrayItems = 1 }, "Validation:MaxJsonArrayItems");
        yield return new TestCaseData(new ValidationOptions { BodyReadTimeout = TimeSpan.Zero }, "Validation:BodyReadTimeout");
        yield return new TestCaseData(new ValidationOptions { DefaultContextLength = -1 }, "Validation:DefaultContextLength");
        yield return new TestCaseData(new ValidationOptions { ContextLengths = [new() { Model = "bad name!", Tokens = 10 }] }, "Validation:ContextLengths:0:Model");
        yield return new TestCaseData(new ValidationOptions { ContextLengths = [new() { Model = "m", Tokens = 0 }] }, "Validation:ContextLengths:0:Tokens");
        yield return new TestCaseData(new ValidationOptions { ContextLengths = [new() { Model = "m", Tokens = 1 }, new() { Model = "M:latest", Tokens = 2 }] }, "Validation:ContextLengths:1:Model");
    }

    [TestCaseSource(nameof(BadValues))]
    public void A_bad_value_fails_naming_its_key(ValidationOptions options, string key)
        => Assert.That(Failures(options), Has.Some.StartsWith(key));
}
