using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace OllamaSim.Wire;

/// <summary>
/// An <c>application/x-ndjson</c> response: each <see cref="WriteLineAsync"/> writes one Go-escaped JSON object,
/// a <c>\n</c>, and flushes, so a client (or the gateway) sees every line as soon as it is produced.
/// </summary>
public sealed class NdjsonStream : IDisposable
{
    public const string ContentType = "application/x-ndjson";
    static readonly byte[] NewLine = [(byte)'\n'];

    readonly HttpResponse _response;
    readonly Utf8JsonWriter _writer;
    public bool Started { get; private set; }

    public NdjsonStream(HttpResponse response)
    {
        _response = response;
        _writer = new Utf8JsonWriter(response.BodyWriter, JsonBody.WriterOptions);
    }

    public async ValueTask WriteLineAsync(Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        if (!Started)
        {
            _response.StatusCode = 200;
            _response.ContentType = ContentType;
            Started = true;
            await _response.StartAsync(cancellationToken);
        }
        write(_writer);
        _writer.Flush();
        _writer.Reset();
        _response.BodyWriter.Write(NewLine);
        await _response.BodyWriter.FlushAsync(cancellationToken);
    }

    public void Dispose() => _writer.Dispose();
}
