using System.Text.Json;

namespace ModelGateway.Transforms.Chat;

/// <summary>A tool call of the conversation history, in native form (arguments as a JSON object).</summary>
internal sealed record NativeToolCall(string? Id, string Name, JsonElement Arguments);
