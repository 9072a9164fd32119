using System.Buffers.Text;
using System.Net;
using System.Text;

namespace ModelGateway.WorkerConnections;

/// <summary>A parsed status line and header block, and how the body that follows is framed.</summary>
internal sealed class ResponseHead
{
    public int StatusCode { get; private set; }
    public Version Version { get; private set; } = HttpVersion.Version11;
    public string? ReasonPhrase { get; private set; }
    public List<KeyValuePair<string, string>> Headers { get; } = new(8);
    public long? ContentLength { get; private set; }
    public bool Chunked { get; private set; }
    public bool ConnectionClose { get; private set; }

    /// <summary>Parses a complete head from the start of <paramref name="bytes"/>.</summary>
    /// <returns>The bytes the head took, or 0 when the head is not complete yet.</returns>
    public static int TryParse(ReadOnlySpan<byte> bytes, out ResponseHead? head)
    {
        head = null;
        var end = HeadLength(bytes);
        if (end == 0) return 0;
        head = new ResponseHead();
        var rest = bytes[..end];
        var first = true;
        while (!rest.IsEmpty)
        {
            var newline = rest.IndexOf((byte)'\n');
            var line = rest[..newline];
            rest = rest[(newline + 1)..];
            if (!line.IsEmpty && line[^1] == '\r') line = line[..^1];
            if (line.IsEmpty) break;
            if (first)
            {
                head.ParseStatusLine(line);
                first = false;
            }
            else head.ParseHeader(line);
        }
        return end;
    }

    /// <summary>Length up to and including the empty line that ends the head; 0 if it has not arrived.</summary>
    static int HeadLength(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (true)
        {
            var newline = bytes[offset..].IndexOf((byte)'\n');
            if (newline < 0) return 0;
            var empty = newline == 0 || (newline == 1 && bytes[offset] == '\r');
            if (empty)
                return offset == 0 ? throw Invalid("The server returned an invalid or unrecognized response.") : offset + newline + 1;
            offset += newline + 1;
        }
    }

    void ParseStatusLine(ReadOnlySpan<byte> line)
    {
        // HTTP/1.1 200 OK
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || line[8] != ' ' || !Utf8Parser.TryParse(line.Slice(9, 3), out int status, out var used) || used != 3)
            throw Invalid("The server returned an invalid or unrecognized response.");
        Version = line[7] == '0' ? HttpVersion.Version10 : HttpVersion.Version11;
        if (Version == HttpVersion.Version10) ConnectionClose = true;
        StatusCode = status;
        var reason = line.Length > 13 ? line[13..] : default;
        var standard = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
        if (!Ascii.Equals(reason, standard)) ReasonPhrase = Encoding.Latin1.GetString(reason);
    }

    void ParseHeader(ReadOnlySpan<byte> line)
    {
        var colon = line.IndexOf((byte)':');
        if (colon <= 0) throw Invalid("The server returned an invalid or unrecognized response.");
        var name = line[..colon];
        var value = line[(colon + 1)..].Trim(" \t"u8);
        if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
        {
            if (!Utf8Parser.TryParse(value, out long length, out var used) || used != value.Length || length < 0)
                throw Invalid("The server returned an invalid or unrecognized response.");
            ContentLength = length;
        }
        else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
        {
            var last = value.LastIndexOf((byte)',');
            if (Ascii.EqualsIgnoreCase(value[(last + 1)..].Trim(" \t"u8), "chunked"u8)) Chunked = true;
        }
        else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
        {
            if (ContainsToken(value, "close"u8)) ConnectionClose = true;
            else if (ContainsToken(value, "keep-alive"u8) && Version == HttpVersion.Version10) ConnectionClose = false;
        }
        Headers.Add(new(KnownHeaderName(name) ?? Encoding.Latin1.GetString(name), KnownHeaderValue(value) ?? Encoding.Latin1.GetString(value)));
    }

    static bool ContainsToken(ReadOnlySpan<byte> value, ReadOnlySpan<byte> token)
    {
        foreach (var range in value.Split((byte)','))
            if (Ascii.EqualsIgnoreCase(value[range].Trim(" \t"u8), token)) return true;
        return false;
    }

    // Names and values every worker answer carries, so they cost no string each.
    static readonly string[] CommonNames = ["Content-Type", "Content-Length", "Date", "Transfer-Encoding", "Connection", "Server", "Cache-Control", "Keep-Alive"];
    static readonly string[] CommonValues = ["application/json; charset=utf-8", "application/x-ndjson", "text/event-stream", "chunked", "keep-alive", "close", "application/json", "text/plain; charset=utf-8"];

    static string? KnownHeaderName(ReadOnlySpan<byte> name)
    {
        foreach (var known in CommonNames)
            if (Ascii.EqualsIgnoreCase(name, known)) return known;
        return null;
    }

    static string? KnownHeaderValue(ReadOnlySpan<byte> value)
    {
        foreach (var known in CommonValues)
            if (Ascii.Equals(value, known)) return known;
        return null;
    }

    internal static HttpRequestException Invalid(string message) => new(HttpRequestError.InvalidResponse, message);
}
