using System.Text;
using System.Text.Json;
using ModelGateway.Transforms.Chat;

namespace ModelGateway.Transforms.Responses;

/// <summary>
/// A finished response: the Response object exactly as the client got it (whole, or in <c>response.completed</c>),
/// and the reply as a native assistant message for the conversation a continuation builds on.
/// </summary>
public sealed class ResponseResult
{
    static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;

    ResponseResult(string id, string status, byte[] json, NativeChatMessage reply)
    {
        Id = id;
        Status = status;
        Json = json;
        Reply = reply;
    }

    public string Id { get; }
    /// <summary><c>completed</c> or <c>incomplete</c>.</summary>
    public string Status { get; }
    /// <summary>The Response object (UTF-8 JSON).</summary>
    public ReadOnlyMemory<byte> Json { get; }

    internal NativeChatMessage Reply { get; }

    internal static ResponseResult Create(string id, string status, ReadOnlySpan<byte> json, IReadOnlyList<ResponseOutputItem> items)
    {
        StringBuilder? content = null, thinking = null;
        List<NativeToolCall>? calls = null;
        foreach (var item in items)
        {
            switch (item.Kind)
            {
                case ResponseItemKind.Message:
                    (content ??= new()).Append(item.Text);
                    break;
                case ResponseItemKind.Reasoning:
                    (thinking ??= new()).Append(item.Text);
                    break;
                case ResponseItemKind.FunctionCall:
                    var arguments = item.NativeArguments is { ValueKind: JsonValueKind.Object } native ? native : EmptyObject;
                    (calls ??= []).Add(new NativeToolCall(item.CallId, item.Name!, arguments));
                    break;
            }
        }
        var reply = new NativeChatMessage("assistant", content?.ToString() ?? "") { Thinking = thinking?.ToString(), ToolCalls = calls };
        return new ResponseResult(id, status, json.ToArray(), reply);
    }
}
