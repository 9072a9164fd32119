using System.Buffers;
using System.Text.Json;
using ModelGateway.Transforms.Responses;

namespace ModelGateway.OpenAI.Responses;

/// <summary>
/// A response as the store keeps it: <c>{"owner":…,"response":{Response object},"conversation":[native messages]}</c>.
/// The Response object is kept exactly as its client got it, so a retrieval returns the same bytes.
/// </summary>
internal sealed class StoredResponse
{
    StoredResponse(byte[] response, ResponseConversation conversation)
    {
        Response = response;
        Conversation = conversation;
    }

    /// <summary>The Response object (UTF-8 JSON).</summary>
    public byte[] Response { get; }

    /// <summary>What a continuation (<c>previous_response_id</c>) sends before its own input.</summary>
    public ResponseConversation Conversation { get; }

    public static byte[] Write(string owner, ReadOnlyMemory<byte> response, ResponseConversation conversation)
    {
        var buffer = new ArrayBufferWriter<byte>(response.Length * 2 + 256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("owner"u8, owner);
            writer.WritePropertyName("response"u8);
            writer.WriteRawValue(response.Span, skipInputValidation: true);
            writer.WritePropertyName("conversation"u8);
            conversation.WriteTo(writer);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The entry nests the client's own JSON one or more levels deeper than its request did (a schema under
    /// <c>response.text.format</c>, tool-call arguments inside the conversation's messages), so it is read with room
    /// above what any request may hold (Validation:MaxJsonDepth is at most 128; arguments strings parse to 64).
    /// </summary>
    static readonly JsonDocumentOptions EntryOptions = new() { MaxDepth = 256 };

    /// <summary>The entry, if <paramref name="owner"/> owns it; null for another owner's entry or one that cannot be read.</summary>
    public static StoredResponse? Read(byte[] entry, string owner)
    {
        try
        {
            using var document = JsonDocument.Parse(entry, EntryOptions);
            var root = document.RootElement;
            if (!root.TryGetProperty("owner"u8, out var stored) || stored.ValueKind != JsonValueKind.String || !stored.ValueEquals(owner))
                return null;
            if (!root.TryGetProperty("response"u8, out var response) || response.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("conversation"u8, out var messages) || ResponseConversation.Read(messages) is not { } conversation)
                return null;
            return new StoredResponse(System.Text.Encoding.UTF8.GetBytes(response.GetRawText()), conversation);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
