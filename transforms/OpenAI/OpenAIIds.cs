namespace ModelGateway.Transforms.OpenAI;

/// <summary>
/// Random ids in OpenAI's formats. 24 alphanumerics make collisions across a fleet practically impossible. They are
/// identifiers, not secrets, so the process's fast generator serves: the cryptographic one went through OpenSSL
/// (and a <c>getpid</c> system call) for every translated reply.
/// </summary>
public static class OpenAIIds
{
    const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    const int RandomLength = 24;

    public static string NewChatCompletionId() => New("chatcmpl-");
    public static string NewCompletionId() => New("cmpl-");
    public static string NewToolCallId() => New("call_");

    static string New(string prefix) => string.Create(prefix.Length + RandomLength, prefix, static (id, prefix) =>
    {
        prefix.CopyTo(id);
        Random.Shared.GetItems(Alphabet.AsSpan(), id[prefix.Length..]);
    });
}
