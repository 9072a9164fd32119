using FluentValidation;

namespace ModelGateway.Validation;

/// <summary>
/// What a validator needs to know beyond the request object: the routed model's context length (null when unknown) and
/// which top-level fields the body carried (the parsed /v1 requests merge max_tokens and max_completion_tokens).
/// </summary>
internal sealed record RequestFacts(int? ContextLength, IReadOnlySet<string> TopLevelFields)
{
    const string Key = "ModelGateway.RequestFacts";

    public static readonly RequestFacts None = new(null, new HashSet<string>());

    public void AttachTo(IValidationContext context) => context.RootContextData[Key] = this;

    public static RequestFacts Of(IValidationContext context)
        => context.RootContextData.TryGetValue(Key, out var facts) && facts is RequestFacts known ? known : None;
}
