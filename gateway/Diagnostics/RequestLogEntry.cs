using System.Collections;
using System.Globalization;
using System.Text.Json;
using ModelGateway.Logging;

namespace ModelGateway.Diagnostics;

/// <summary>
/// The state of the request log line (event 100 in <see cref="RequestTelemetryMiddleware.LogCategory"/>): the same
/// message and key/value pairs a <c>[LoggerMessage]</c> method would log, plus <see cref="IJsonLogState"/>, so the
/// gateway's console logger writes the JSON line straight to bytes instead of through the formatter.
/// </summary>
internal sealed class RequestLogEntry : IReadOnlyList<KeyValuePair<string, object?>>, IJsonLogState
{
    public const string OriginalFormat =
        "{Method} {Path} answered {Status} in {DurationMs} ms (surface {Surface}, model {Model}, worker {Worker}, cache {Cache}, key {KeyName}, request {RequestId}, aborted {Aborted})";

    public static readonly EventId EventId = new(100, "RequestCompleted");

    /// <summary>The formatter passed to <see cref="ILogger.Log{TState}"/>.</summary>
    public static readonly Func<RequestLogEntry, Exception?, string> Format = static (entry, _) => entry.ToString();

    public required string Method { get; init; }
    public required string Path { get; init; }
    public required int Status { get; init; }
    public required double DurationMs { get; init; }
    public required string Surface { get; init; }
    public string? Model { get; init; }
    public string? Worker { get; init; }
    public string? Cache { get; init; }
    public string? KeyName { get; init; }
    public required string RequestId { get; init; }
    public required bool Aborted { get; init; }

    public int Count => 12;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new(nameof(Method), Method),
        1 => new(nameof(Path), Path),
        2 => new(nameof(Status), Status),
        3 => new(nameof(DurationMs), DurationMs),
        4 => new(nameof(Surface), Surface),
        5 => new(nameof(Model), Model),
        6 => new(nameof(Worker), Worker),
        7 => new(nameof(Cache), Cache),
        8 => new(nameof(KeyName), KeyName),
        9 => new(nameof(RequestId), RequestId),
        10 => new(nameof(Aborted), Aborted),
        11 => new("{OriginalFormat}", OriginalFormat),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The message, for formatters other than the direct JSON path.</summary>
    public override string ToString() => JsonLogLineWriter.MessageOf(this);

    // Invariant culture, as the [LoggerMessage] formatting this replaces; a null shows as nothing.
    public bool TryFormatMessage(Span<char> destination, out int written) => destination.TryWrite(CultureInfo.InvariantCulture,
        $"{Method} {Path} answered {Status} in {DurationMs} ms (surface {Surface}, model {Model}, worker {Worker}, cache {Cache}, key {KeyName}, request {RequestId}, aborted {Aborted})",
        out written);

    public void WriteProperties(Utf8JsonWriter writer)
    {
        writer.WriteString("Method"u8, Method);
        writer.WriteString("Path"u8, Path);
        writer.WriteNumber("Status"u8, Status);
        writer.WriteNumber("DurationMs"u8, DurationMs);
        writer.WriteString("Surface"u8, Surface);
        WriteNullable(writer, "Model"u8, Model);
        WriteNullable(writer, "Worker"u8, Worker);
        WriteNullable(writer, "Cache"u8, Cache);
        WriteNullable(writer, "KeyName"u8, KeyName);
        writer.WriteString("RequestId"u8, RequestId);
        writer.WriteBoolean("Aborted"u8, Aborted);
        writer.WriteString("{OriginalFormat}"u8, OriginalFormat);
    }

    // The formatter writes a null value as JSON null, a string as itself.
    static void WriteNullable(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is null) writer.WriteNull(name);
        else writer.WriteString(name, value);
    }
}
