using System.Buffers.Text;
using ModelGateway.Transforms.Errors;

namespace ModelGateway.Transforms.Chat;

/// <summary>
/// Extracts the base64 payload of an image data URL. Only inline images of the types Ollama decodes are
/// accepted; remote URLs are refused because fetching them would let clients make the gateway call
/// arbitrary hosts (SSRF).
/// </summary>
internal static class ImageDataUrl
{
    static readonly string[] AcceptedTypes = ["", "image/jpeg", "image/jpg", "image/png", "image/webp"];

    public static string ToBase64Payload(string url, string param)
    {
        if (url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            throw RequestValidationException.Invalid(
                "Image URLs are not supported; send the image inline as a base64 data URL (data:image/png;base64,...).", param);
        if (!url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
            throw RequestValidationException.Invalid("Invalid image URL: expected a base64 data URL (data:image/png;base64,...).", param);

        var comma = url.IndexOf(',');
        var header = comma < 0 ? "" : url[5..comma];
        if (comma < 0 || !header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
            throw RequestValidationException.Invalid("Invalid image data URL: expected ';base64,' followed by the encoded image.", param);

        var mediaType = header[..^";base64".Length];
        if (!AcceptedTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
            throw RequestValidationException.Invalid(
                $"Unsupported image type '{mediaType}': use image/jpeg, image/png or image/webp.", param);

        var payload = url.AsSpan(comma + 1);
        if (payload.IsEmpty || !Base64.IsValid(payload))
            throw RequestValidationException.Invalid("Invalid image data URL: the payload is not valid base64.", param);
        return payload.ToString();
    }
}
