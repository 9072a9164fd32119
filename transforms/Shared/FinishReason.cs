namespace ModelGateway.Transforms.Shared;

/// <summary>Mapping §5: native done_reason (+ whether tool calls were answered) to a legal OpenAI finish_reason, never null.</summary>
internal static class FinishReason
{
    public static string FromNative(string? doneReason, bool sawToolCall)
    {
        if (doneReason == "length")
            return "length";
        // "stop", absent, and unknown values all end normally; native never says "tool_calls" itself.
        return sawToolCall ? "tool_calls" : "stop";
    }
}
