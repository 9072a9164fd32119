using System.Text.Json;

namespace ModelGateway.Validation.Ollama;

/// <summary>
/// Vouches, without FluentValidation, for the common /api/chat body that every rule of
/// <see cref="OllamaChatBodyValidator"/> would pass: messages with a lower-case known role and text within the limit, and
/// no tools, images, tool calls, format, options or non-trivial keep_alive/think. Anything else is left to the validator,
/// which then gives the same answer it always did; running it costs several microseconds and kilobytes per request.
/// </summary>
internal static class OllamaChatBodyPrecheck
{
    public static bool Vouches(OllamaChatBody body, ValidationOptions limits)
    {
        if (body.Tools is { Count: > 0 } || IsSet(body.Format) || IsSet(body.Options)) return false;
        if (body.KeepAlive is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Number) }) return false;
        if (body.Think is { ValueKind: not (JsonValueKind.Null or JsonValueKind.True or JsonValueKind.False) }) return false;
        if (body.Messages is not { } messages) return true;
        if (messages.Count > limits.MaxMessages) return false;
        foreach (var message in messages)
        {
            if (message is null || !IsPlainRole(message.Role)) return false;
            if (message.Images is { Count: > 0 } || message.ToolCalls is { Count: > 0 }) return false;
            if (message.Content?.Length > limits.MaxContentCharacters || message.Thinking?.Length > limits.MaxContentCharacters) return false;
        }
        return true;
    }

    static bool IsSet(JsonElement? element) => element is { ValueKind: not JsonValueKind.Null };

    /// <summary>The validator lower-cases the role first; here only the exact lower-case names count, the rest goes to it.</summary>
    static bool IsPlainRole(string? role) => role is "user" or "assistant" or "system" or "tool" or "developer";
}
