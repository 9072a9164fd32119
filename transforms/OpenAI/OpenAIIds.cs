using System.Security.Cryptography;

namespace ModelGateway.Transforms.OpenAI;

/// <summary>Random ids in OpenAI's formats. 24 alphanumerics make collisions across a fleet practically impossible.</summary>
public static class OpenAIIds
{
    const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    const int RandomLength = 24;

    public static string NewChatCompletionId() => "chatcmpl-" + RandomNumberGenerator.GetString(Alphabet, RandomLength);
    public static string NewCompletionId() => "cmpl-" + RandomNumberGenerator.GetString(Alphabet, RandomLength);
    public static string NewToolCallId() => "call_" + RandomNumberGenerator.GetString(Alphabet, RandomLength);
}
