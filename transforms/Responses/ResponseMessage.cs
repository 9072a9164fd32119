using ModelGateway.Transforms.Chat;

namespace ModelGateway.Transforms.Responses;

/// <summary>
/// One native message of a Responses request and the request field it came from (<c>instructions</c>, <c>input</c>,
/// <c>input[3]</c>, or <c>previous_response_id</c> for the stored conversation), so a rule it breaks can name that field.
/// </summary>
internal sealed record ResponseMessage(NativeChatMessage Native, string Source);
