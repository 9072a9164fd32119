using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace ModelGateway.Hosting;

/// <summary>
/// Recognises why Kestrel could not listen when the host starts — the port is taken, the address is not this
/// machine's, an address it cannot parse — and says it in one line naming the address and the key (<c>Urls</c>,
/// <c>--urls</c>), for <see cref="Configuration.ConfigurationErrorExit"/>. Anything not thrown by Kestrel is left
/// alone: a bug should still crash loudly.
/// </summary>
internal static class ListenFailure
{
    const string Key = "Urls (--urls)";

    /// <param name="urls">The configured addresses (<c>Urls</c>), named when the exception does not say which one failed.</param>
    public static bool TryDescribe(Exception ex, string? urls, out string problem)
    {
        problem = "";
        if (!FromKestrel(ex)) return false;
        var where = string.IsNullOrEmpty(urls) ? "the configured address" : $"'{urls}'";
        problem = ex switch
        {
            // Kestrel's message names the address: "Failed to bind to address http://127.0.0.1:8080: address already in use."
            IOException { InnerException: AddressInUseException } =>
                $"{Key}: {ex.Message.TrimEnd('.')}; another process listens there: stop it, or choose another port",
            SocketException or IOException { InnerException: SocketException } =>
                $"{Key}: cannot listen on {where}: {(ex as SocketException ?? (SocketException)ex.InnerException!).Message}; use an address of this machine (or 0.0.0.0) and a port the gateway may open",
            // An HTTPS endpoint of the Kestrel section whose certificate is missing, unreadable or not a certificate.
            FileNotFoundException or UnauthorizedAccessException or DirectoryNotFoundException or System.Security.Cryptography.CryptographicException =>
                $"Kestrel:Endpoints: cannot load the HTTPS certificate: {ex.Message.TrimEnd('.')}; check the endpoint's Certificate:Path and KeyPath",
            FormatException or InvalidOperationException =>
                $"{Key}: cannot listen on {where}: {ex.Message.TrimEnd('.')}; use http://host:port or https://host:port, several separated by ';'",
            _ => "",
        };
        return problem.Length > 0;
    }

    /// <summary>Whether Kestrel's code is on the exception's stack (address parsing and binding both are).</summary>
    static bool FromKestrel(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            foreach (var frame in new StackTrace(e).GetFrames())
                if (frame.GetMethod()?.DeclaringType?.Namespace?.StartsWith("Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal) == true)
                    return true;
        }
        return false;
    }
}
