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
    public static string NewMessageItemId() => New("msg_");
    public static string NewFunctionCallItemId() => New("fc_");
    public static string NewReasoningItemId() => New("rs_");

    /// <summary>
    /// A Responses API id (<c>resp_</c> + 48 alphanumerics, about 285 bits), from the cryptographic generator: a stored
    /// response is read back by its id alone, so the id must not be predictable from ids seen before (one per request).
    /// </summary>
    public static string NewResponseId() => string.Create("resp_".Length + 48, 0, static (id, _) =>
    {
        "resp_".CopyTo(id);
        System.Security.Cryptography.RandomNumberGenerator.GetItems(Alphabet.AsSpan(), id["resp_".Length..]);
    });

    static string New(string prefix) => string.Create(prefix.Length + RandomLength, prefix, static (id, prefix) =>
    {
        prefix.CopyTo(id);
        Random.Shared.GetItems(Alphabet.AsSpan(), id[prefix.Length..]);
    });
}
