using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelGateway.Routing;
using ModelGateway.Validation;

namespace ModelGateway.Tests.Validation;

public class ValidationLimitsTests
{
    static ValidationOptions WithContexts(int fallback = 0) => new()
    {
        DefaultContextLength = fallback,
        ContextLengths = [new() { Model = "llama3.2:3b", Tokens = 131072 }, new() { Model = "gpt-4o-mini", Tokens = 8192 }],
    };

    [Test]
    public void The_worker_model_entry_wins_over_an_alias_entry()
        => Assert.That(ValidationKit.LimitsFor(WithContexts()).ContextLengthOf(new ModelRoute("gpt-4o-mini", "llama3.2:3b", "c", true)), Is.EqualTo(131072));

    [Test]
    public void An_alias_entry_applies_when_the_worker_model_has_none()
        => Assert.That(ValidationKit.LimitsFor(WithContexts()).ContextLengthOf(new ModelRoute("gpt-4o-mini", "qwen3:8b", "c", true)), Is.EqualTo(8192));

    [Test]
    public void Names_match_as_Ollama_normalises_them()
        => Assert.That(ValidationKit.LimitsFor(WithContexts()).ContextLengthOf(new ModelRoute("Llama3.2:3B", "Llama3.2:3B", "c", true)), Is.EqualTo(131072));

    [Test]
    public void Other_models_get_the_default_or_no_limit()
    {
        var route = new ModelRoute("qwen3:8b", "qwen3:8b", "c", true);
        Assert.That(ValidationKit.LimitsFor(WithContexts(fallback: 4096)).ContextLengthOf(route), Is.EqualTo(4096));
        Assert.That(ValidationKit.LimitsFor(WithContexts()).ContextLengthOf(route), Is.Null);
    }

    [Test]
    public void An_invalid_reload_keeps_the_last_good_limits()
    {
        var monitor = new SettableOptionsMonitor<ValidationOptions>(new ValidationOptions { MaxMessages = 7 });
        var limits = new ValidationLimits(monitor, NullLogger<ValidationLimits>.Instance);
        Assert.That(limits.Current.MaxMessages, Is.EqualTo(7));
        monitor.Failure = new OptionsValidationException("", typeof(ValidationOptions), ["Validation:MaxMessages must be between 1 and 1000000."]);
        Assert.That(limits.Current.MaxMessages, Is.EqualTo(7));
        monitor.Failure = null;
        monitor.Value = new ValidationOptions { MaxMessages = 9 };
        Assert.That(limits.Current.MaxMessages, Is.EqualTo(9));
    }
}
