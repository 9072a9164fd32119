using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace ModelGateway.Authentication;

/// <summary>
/// <c>ModelGateway keys new --name NAME [--models a,b*] [--admin] [--rpm N] [--tpm N] [--expires DATE]</c> mints a key,
/// prints it once and the config entry holding its hash; <c>keys hash</c> hashes a key read from standard input.
/// Runs before the host is built, so it needs no configuration.
/// </summary>
public static class ApiKeyCommand
{
    const string KeyPrefix = "mg-";

    public const string Usage = """
        usage: ModelGateway keys new --name NAME [--models PATTERN,...] [--admin] [--rpm N] [--tpm N] [--expires DATE]
               ModelGateway keys hash            (reads a key from standard input, prints its hash)
               ModelGateway keys --help          (this text)
          --models   models the key may use, comma-separated (llama3*,qwen3:8b); left out, every model
          --expires  a future date or instant (2026-12-31, 2026-12-31T23:59:59Z, UTC unless an offset is given)
        """;

    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] == "keys";

    /// <param name="time">The clock an <c>--expires</c> date is checked against; the system's when null.</param>
    public static int Run(string[] args, TextReader input, TextWriter output, TextWriter error, TimeProvider? time = null)
    {
        // Asking for help is not a mistake: usage on standard output, success.
        var command = args.ElementAtOrDefault(1);
        if (command is "--help" or "-h" or "help" || (command is "new" or "hash" && args.Skip(2).Any(a => a is "--help" or "-h")))
        {
            output.WriteLine(Usage);
            return 0;
        }
        try
        {
            return command switch
            {
                "new" => New(args[2..], output, (time ?? TimeProvider.System).GetUtcNow()),
                "hash" => Hash(input, output),
                _ => Fail(error, args.Length > 1 ? $"unknown command 'keys {args[1]}'" : "missing command"),
            };
        }
        catch (FormatException ex)
        {
            return Fail(error, ex.Message);
        }
    }

    /// <summary>32 random bytes, URL-safe base64, with a prefix that makes a leaked key easy to recognise.</summary>
    public static string Mint() => KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    static int New(string[] args, TextWriter output, DateTimeOffset now)
    {
        var entry = new JsonObject();
        string? name = null;
        var models = new JsonArray();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--name": name = Value(ref i); break;
                case "--models":
                    var patterns = Value(ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    // An empty value (an unset variable in a script) must not widen the key to every model.
                    if (patterns.Length == 0)
                        throw new FormatException("--models is empty; list the models the key may use (e.g. llama3*,qwen3:8b), or leave --models out for every model");
                    foreach (var pattern in patterns)
                    {
                        if (!ModelPattern.TryParse(pattern, out _, out var problem)) throw new FormatException($"--models: pattern {problem}");
                        models.Add(pattern);
                    }
                    break;
                case "--admin": entry["Admin"] = true; break;
                case "--rpm": entry["RequestsPerMinute"] = Number(ref i); break;
                case "--tpm": entry["TokensPerMinute"] = Number(ref i); break;
                case "--expires":
                    var text = Value(ref i);
                    if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expires))
                        throw new FormatException($"--expires: '{text}' is not a date (e.g. 2026-12-31 or 2026-12-31T23:59:59Z)");
                    if (expires <= now)
                        throw new FormatException($"--expires: '{text}' is in the past ({Instant(expires)}; now {Instant(now)}): the key would be refused from the start");
                    entry["ExpiresAt"] = Instant(expires);
                    break;
                default: throw new FormatException($"unknown option '{args[i]}'");
            }
        }
        if (string.IsNullOrWhiteSpace(name)) throw new FormatException("--name is required");
        if (name.Length > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            throw new FormatException($"--name '{name}' must be 1-64 letters, digits, '.', '_' or '-'");

        var key = Mint();
        var ordered = new JsonObject { ["Name"] = name, ["Hash"] = ApiKeyHash.Format(ApiKeyHash.Compute(key)), ["Models"] = models.Count > 0 ? models : new JsonArray("*") };
        foreach (var (k, v) in entry.ToList())
        {
            entry.Remove(k);
            ordered[k] = v;
        }
        output.WriteLine($"New API key '{name}' (shown this once; the gateway keeps only its hash):");
        output.WriteLine();
        output.WriteLine("  " + key);
        output.WriteLine();
        output.WriteLine("Add this entry to Authentication:ApiKeys in the gateway's configuration file:");
        output.WriteLine();
        output.WriteLine("  " + ordered.ToJsonString());
        return 0;

        string Value(ref int i)
        {
            if (i + 1 >= args.Length) throw new FormatException($"{args[i]} needs a value");
            return args[++i];
        }

        long Number(ref int i)
        {
            var flag = args[i];
            var text = Value(ref i);
            if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < 0)
                throw new FormatException($"{flag}: '{text}' must be a whole number, 0 or more");
            return n;
        }
    }

    static string Instant(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    static int Hash(TextReader input, TextWriter output)
    {
        var key = input.ReadLine()?.Trim();
        if (string.IsNullOrEmpty(key)) throw new FormatException("no key on standard input");
        output.WriteLine(ApiKeyHash.Format(ApiKeyHash.Compute(key)));
        return 0;
    }

    static int Fail(TextWriter error, string message)
    {
        error.WriteLine("keys: " + message);
        error.WriteLine(Usage);
        return 2;
    }
}
