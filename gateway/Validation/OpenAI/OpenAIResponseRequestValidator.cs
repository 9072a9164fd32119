using System.Text.RegularExpressions;
using FluentValidation;
using ModelGateway.OpenAI.Responses;
using ModelGateway.Transforms.Chat;

namespace ModelGateway.Validation.OpenAI;

/// <summary>
/// Gateway policy for a parsed /v1/responses request: the chat rules (<see cref="OpenAIChatRequestValidator"/>:
/// sizes, tool-result order, tool definitions, the token limit against the model's context length) applied to the
/// chat the worker gets, with each failure named by the Responses field it came from — <c>input[2].content</c>,
/// <c>instructions</c>, <c>previous_response_id</c> (the stored conversation), <c>tools[0].parameters</c>,
/// <c>max_output_tokens</c>.
/// </summary>
internal sealed partial class OpenAIResponseRequestValidator : AbstractValidator<ResponsesCall>
{
    public OpenAIResponseRequestValidator(IValidator<ChatCompletionRequest> chat, ValidationLimits limits)
    {
        RuleFor(call => call).Custom((call, context) =>
        {
            var request = call.Request;
            if (OpenAIChatRequestPrecheck.Vouches(request.Chat, limits.Current)) return;
            if (RequestRejection.FirstFailure(chat, request.Chat, RequestFacts.Of(context)) is { } failure)
                context.AddFailure(ResponsesParam(failure.PropertyName, request.MessageSources), failure.ErrorMessage);
        });
    }

    /// <summary>A chat path (<c>messages[3].content</c>, <c>tools[0].function.parameters</c>, <c>max_tokens</c>) as the Responses field it stands for.</summary>
    internal static string ResponsesParam(string chatParam, IReadOnlyList<string> messageSources)
    {
        if (chatParam is "max_tokens" or "max_completion_tokens") return "max_output_tokens";
        var message = MessagePath().Match(chatParam);
        if (message.Success)
        {
            var index = int.Parse(message.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
            var source = index < messageSources.Count ? messageSources[index] : "input";
            // Inside an input item the rest of the path still applies (a tool result's role is the item itself, its
            // tool_call_id the item's call_id); instructions and the stored conversation are named whole.
            if (!source.StartsWith("input[", StringComparison.Ordinal)) return source;
            return message.Groups[2].Value switch
            {
                ".role" => source,
                ".tool_call_id" => source + ".call_id",
                var rest => source + rest,
            };
        }
        if (chatParam == "messages") return "input";
        return chatParam.Replace(".function.", ".", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^messages\[(\d+)\](.*)$")]
    private static partial Regex MessagePath();
}
