using FluentValidation;
using ModelGateway.Transforms.Chat;

namespace ModelGateway.Validation.OpenAI;

/// <summary>
/// OpenAI's conversation rule: a <c>tool</c> message answers a call of the assistant message that opened the run of
/// tool messages it belongs to. Workers given an orphaned result either fail in their template or answer nonsense.
/// Deprecated <c>function</c> results carry no id and are not checked.
/// </summary>
internal static class ToolResultOrder
{
    public static void Check(IReadOnlyList<ChatCompletionRequest.MessageSummary> messages, ValidationContext<ChatCompletionRequest> context)
    {
        IReadOnlyList<string?>? openCalls = null;
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (message.Role == "assistant")
            {
                openCalls = message.ToolCallIds.Count > 0 ? message.ToolCallIds : null;
                continue;
            }
            if (message.Role != "tool")
            {
                openCalls = null;
                continue;
            }
            if (message.ToolCallId is not { } id)
                continue;
            if (openCalls is null)
            {
                context.AddFailure($"messages[{i}].role",
                    "messages with role 'tool' must be a response to a preceding assistant message with 'tool_calls'.");
                return;
            }
            if (!openCalls.Contains(id))
            {
                context.AddFailure($"messages[{i}].tool_call_id",
                    $"'{id}' does not match any tool call of the preceding assistant message ({string.Join(", ", openCalls.Select(c => c ?? "(no id)"))}).");
                return;
            }
        }
    }
}
