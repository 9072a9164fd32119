namespace OllamaSim.Requests;

/// <summary>
/// A failure answered as <c>{"error":message}</c> with <see cref="Status"/>. <see cref="FromRunner"/> marks errors that
/// Ollama raises inside the model runner; when streaming, those are written with a bare <c>application/json</c> type.
/// </summary>
public sealed class ApiError(int status, string message, bool fromRunner = false) : Exception(message)
{
    public int Status { get; } = status;
    public bool FromRunner { get; } = fromRunner;

    public static ApiError BadRequest(string message) => new(400, message);
    public static ApiError NotFound(string message) => new(404, message);

    public const string BusyMessage = "server busy, please try again.  maximum pending requests exceeded";
    public static ApiError Busy() => new(503, BusyMessage);
}
