using ModelGateway.Transforms.Chat;

namespace ModelGateway.Validation.OpenAI;

/// <summary>
/// Vouches, without FluentValidation, for the common parsed /v1/chat/completions request that every rule of
/// <see cref="OpenAIChatRequestValidator"/> would pass: messages within the count, text and image limits, no tool
/// results whose order needs checking, no tool definitions and no token limit. Anything else is left to the validator,
/// which then gives the same answer it always did.
/// </summary>
internal static class OpenAIChatRequestPrecheck
{
    public static bool Vouches(ChatCompletionRequest request, ValidationOptions limits)
    {
        if (request.MaxTokens is not null || request.ToolDefinitions.Count > 0) return false;
        var messages = request.MessageSummaries;
        if (messages.Count > limits.MaxMessages) return false;
        var images = 0;
        foreach (var message in messages)
        {
            // A tool result is checked against the calls before it; the validator does that.
            if (message.Role == "tool" || message.ContentLength > limits.MaxContentCharacters) return false;
            images += message.ImageCount;
        }
        return images <= limits.MaxImages;
    }
}
