using System.Text.Json;

namespace OllamaSim.Requests;

/// <summary>Validates an <c>images</c> array: standard base64 strings, failing with Go's decoder message.</summary>
public static class ImageData
{
    public static int Count(JsonFields fields, string name)
    {
        if (fields.Array(name, "[]api.ImageData") is not { } images) return 0;
        var count = 0;
        foreach (var image in images.EnumerateArray())
        {
            if (image.ValueKind == JsonValueKind.Null) continue;
            if (image.ValueKind != JsonValueKind.String) throw fields.Mismatch(name, image, "api.ImageData");
            if (InvalidByte(image.GetString()!) is { } at) throw ApiError.BadRequest($"illegal base64 data at input byte {at}");
            count++;
        }
        return count;
    }

    /// <summary>Index of the first byte Go's StdEncoding rejects, or null when the text decodes.</summary>
    public static int? InvalidByte(string s)
    {
        var n = 0; // significant characters seen (Go skips \r and \n)
        var padding = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c is '\r' or '\n') continue;
            if (c == '=')
            {
                if (n % 4 < 2) return i;
                padding++;
                n++;
                continue;
            }
            if (padding > 0 || !(char.IsAsciiLetterOrDigit(c) || c is '+' or '/')) return i;
            n++;
        }
        return n % 4 == 0 ? null : s.Length - s.Length % 4;
    }
}
