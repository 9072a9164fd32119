using ModelGateway.Transforms.Responses;

namespace ModelGateway.OpenAI.Responses;

/// <summary>
/// A <c>POST /v1/responses</c> request on its way through the gateway: the parsed request (with the stored
/// conversation it continues, once prepared), the id its response gets, and whose response it will be.
/// </summary>
internal sealed record ResponsesCall(ResponseRequest Request, string Id)
{
    /// <summary>Who may read the stored response (<see cref="ResponseOwner"/>); set when the call is prepared.</summary>
    public string Owner { get; init; } = ResponseOwner.Anonymous;
}
