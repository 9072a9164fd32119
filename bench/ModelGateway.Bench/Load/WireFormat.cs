namespace ModelGateway.Bench.Load;

/// <summary>The API a request speaks: Ollama's native chat (direct, nginx, gateway passthrough) or OpenAI's (translated).</summary>
public enum WireFormat
{
    OllamaChat,
    OpenAIChat,
}
