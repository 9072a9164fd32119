namespace ModelGateway.OpenAI.Responses;

/// <summary>The answer to DELETE /v1/responses/{id}, as OpenAI's: <c>{"id","object":"response.deleted","deleted":true}</c>.</summary>
internal sealed record ResponseDeleted(string Id)
{
    public string Object => "response.deleted";
    public bool Deleted => true;
}
