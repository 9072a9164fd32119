using System.Text.Json;
using ModelGateway.Transforms.Chat;
using ModelGateway.Transforms.Shared;

namespace ModelGateway.Transforms.Responses;

/// <summary>
/// A validated <c>POST /v1/responses</c> request. The worker gets it as a chat (<see cref="Chat"/>, written by
/// <see cref="OllamaChatRequestWriter"/>): the instructions as a system message, then the stored conversation of the
/// previous response when one is continued (<see cref="ContinuedFrom"/>), then this request's input.
/// </summary>
public sealed class ResponseRequest
{
    ResponseRequest() { }

    /// <summary>The model name as the client sent it; the response carries this name.</summary>
    public required string Model { get; init; }
    public bool Stream { get; init; }
    /// <summary><c>store</c> (default true): keep the response so it can be retrieved and continued.</summary>
    public bool Store { get; init; }
    public string? PreviousResponseId { get; init; }

    /// <summary>The chat the worker is asked for, and what the gateway's rules, limits and routing look at.</summary>
    public ChatCompletionRequest Chat { get; private init; } = null!;

    /// <summary>For each message of <see cref="Chat"/>, the request field it came from (for error messages).</summary>
    public IReadOnlyList<string> MessageSources => _messages.ConvertAll(m => m.Source);

    /// <summary>Whether the conversation of a previous response has been added (<see cref="ContinuedFrom"/>).</summary>
    public bool IsContinued { get; private init; }

    internal ResponseEcho Echo { get; private init; } = null!;
    /// <summary>This request's input, without the instructions: what a stored conversation keeps of it.</summary>
    internal List<ResponseMessage> Input { get; private init; } = [];
    List<ResponseMessage> _messages = [];

    /// <summary>The same request after the stored conversation of <see cref="PreviousResponseId"/>.</summary>
    public ResponseRequest ContinuedFrom(ResponseConversation previous)
    {
        var history = previous.Messages.ConvertAll(m => new ResponseMessage(m, "previous_response_id"));
        return Create(Model, Stream, Store, PreviousResponseId, Echo, Input, history, Chat.Format, Chat.Options, Chat.KeepAlive, Chat.Think,
            Chat.MaxTokens, Chat.SingleToolCall, Chat.Tools, continued: true);
    }

    /// <summary>The conversation a continuation of this response builds on: what came before, this input, the reply.</summary>
    public ResponseConversation ConversationAfter(ResponseResult result)
    {
        var messages = new List<NativeChatMessage>(_messages.Count + 1);
        foreach (var message in _messages)
            if (message.Source != "instructions") messages.Add(message.Native);
        messages.Add(result.Reply);
        return new ResponseConversation(messages);
    }

    internal static ResponseRequest Create(string model, bool stream, bool store, string? previousResponseId, ResponseEcho echo,
        List<ResponseMessage> input, List<ResponseMessage>? history, ChatResponseFormat format, NativeOptions options, JsonElement? keepAlive,
        ThinkSetting? think, int? maxTokens, bool singleToolCall, List<JsonElement>? tools, bool continued = false)
    {
        var messages = new List<ResponseMessage>((history?.Count ?? 0) + input.Count + 1);
        // Instructions are this request's own: a continued response does not inherit the previous ones (OpenAI's rule).
        if (echo.Instructions is { } instructions)
            messages.Add(new ResponseMessage(new NativeChatMessage("system", instructions), "instructions"));
        if (history is not null) messages.AddRange(history);
        messages.AddRange(input);
        NameToolResults(messages);

        var native = messages.ConvertAll(m => m.Native);
        var textLength = 0;
        foreach (var message in native) textLength += message.Content.Length;
        return new ResponseRequest
        {
            Model = model,
            Stream = stream,
            Store = store,
            PreviousResponseId = previousResponseId,
            IsContinued = continued,
            Echo = echo,
            Input = input,
            _messages = messages,
            Chat = new ChatCompletionRequest
            {
                Model = model,
                Stream = stream,
                MaxTokens = maxTokens,
                SingleToolCall = singleToolCall,
                PromptCharacters = textLength,
                Messages = native,
                Tools = tools,
                Format = format,
                Options = options,
                KeepAlive = keepAlive,
                Think = think,
            },
        };
    }

    /// <summary>Ollama's rule, as on chat: a tool result takes the name of the last call with its id (which may be in the stored conversation).</summary>
    static void NameToolResults(List<ResponseMessage> messages)
    {
        Dictionary<string, string>? names = null;
        foreach (var (message, _) in messages)
        {
            if (message.ToolCalls is { } calls)
                foreach (var call in calls)
                    if (!string.IsNullOrEmpty(call.Id)) (names ??= new(StringComparer.Ordinal))[call.Id] = call.Name;
            if (message is { Role: "tool", ToolName: null, ToolCallId: { } id } && names?.GetValueOrDefault(id) is { } name)
                message.ToolName = name;
        }
    }
}
