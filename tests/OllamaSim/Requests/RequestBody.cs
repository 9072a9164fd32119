using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace OllamaSim.Requests;

/// <summary>
/// Reads a JSON request body like Go's <c>json.Decoder</c> as gin uses it: an empty body is
/// <c>missing request body</c>, only the first JSON value is read, and syntax errors get Go-style messages.
/// </summary>
public static class RequestBody
{
    public static async Task<JsonDocument> ReadAsync(HttpRequest request, string goType)
    {
        var bytes = await ReadAllAsync(request);
        var doc = Parse(bytes);
        if (doc.RootElement.ValueKind != JsonValueKind.Object && doc.RootElement.ValueKind != JsonValueKind.Null)
        {
            var kind = JsonFields.KindName(doc.RootElement.ValueKind);
            doc.Dispose();
            throw ApiError.BadRequest($"json: cannot unmarshal {kind} into Go value of type {goType}");
        }
        return doc;
    }

    public static async Task<byte[]> ReadAllAsync(HttpRequest request)
    {
        if (request.ContentLength is > 0 and < 1 << 20)
        {
            var buffer = new byte[request.ContentLength.Value];
            var read = 0;
            while (read < buffer.Length)
            {
                var n = await request.Body.ReadAsync(buffer.AsMemory(read), request.HttpContext.RequestAborted);
                if (n == 0) break;
                read += n;
            }
            return read == buffer.Length ? buffer : buffer[..read];
        }
        using var ms = new MemoryStream();
        await request.Body.CopyToAsync(ms, request.HttpContext.RequestAborted);
        return ms.ToArray();
    }

    public static JsonDocument Parse(byte[] bytes)
    {
        var start = 0;
        while (start < bytes.Length && bytes[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') start++;
        if (start == bytes.Length) throw ApiError.BadRequest("missing request body");
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 });
        try
        {
            return JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw ApiError.BadRequest(GoSyntaxMessage(bytes, e));
        }
    }

    static string GoSyntaxMessage(byte[] bytes, JsonException e)
    {
        var offset = Offset(bytes, e.LineNumber ?? 0, e.BytePositionInLine ?? 0);
        while (offset < bytes.Length && bytes[offset] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') offset++;
        if (offset >= bytes.Length) return "unexpected EOF";
        var c = bytes[offset] < 0x80 ? ((char)bytes[offset]).ToString() : Encoding.UTF8.GetString(bytes, offset, Math.Min(4, bytes.Length - offset))[..1];
        var before = offset - 1;
        while (before >= 0 && bytes[before] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') before--;
        var context = before >= 0 && bytes[before] == (byte)'{' ? "looking for beginning of object key string" : "looking for beginning of value";
        return $"invalid character '{c}' {context}";
    }

    static int Offset(byte[] bytes, long line, long column)
    {
        var offset = 0;
        for (var l = 0; l < line && offset < bytes.Length; offset++)
            if (bytes[offset] == (byte)'\n') l++;
        return (int)Math.Min(bytes.Length, offset + column);
    }
}
