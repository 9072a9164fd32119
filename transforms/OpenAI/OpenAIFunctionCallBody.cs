namespace ModelGateway.Transforms.OpenAI;

/// <summary>Function name and arguments; OpenAI's arguments are a string holding JSON.</summary>
internal sealed class OpenAIFunctionCallBody
{
    public string? Name { get; set; }
    public string? Arguments { get; set; }
}
