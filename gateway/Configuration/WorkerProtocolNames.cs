namespace ModelGateway.Configuration;

/// <summary>The wire protocols a cluster's workers can speak (cluster metadata key <c>Protocol</c>).</summary>
public static class WorkerProtocolNames
{
    /// <summary>Ollama's native API: /v1 requests are translated to it.</summary>
    public const string Ollama = "ollama";

    /// <summary>Workers that already speak OpenAI (vLLM, llama.cpp server, LM Studio): /v1 requests pass through.</summary>
    public const string OpenAI = "openai";

    public static bool IsKnown(string value)
        => string.Equals(value, Ollama, StringComparison.OrdinalIgnoreCase) || string.Equals(value, OpenAI, StringComparison.OrdinalIgnoreCase);
}
