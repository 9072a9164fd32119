using System.Text.Json;

namespace OllamaSim.Requests;

/// <summary>
/// The request's <c>options</c>, type-checked like Ollama's <c>Options.FromMap</c> (wrong type → 500
/// <c>option "k" must be of type T</c>; unknown keys ignored). Only seed, num_predict and stop change the reply.
/// </summary>
public sealed class SamplingOptions
{
    public static readonly SamplingOptions Default = new();

    public long Seed { get; private init; }
    public long NumPredict { get; private init; } = -1;
    public IReadOnlyList<string> Stop { get; private init; } = [];

    static readonly HashSet<string> FloatKeys =
        ["temperature", "top_p", "min_p", "typical_p", "repeat_penalty", "presence_penalty", "frequency_penalty"];
    static readonly HashSet<string> IntKeys =
        ["top_k", "seed", "num_predict", "repeat_last_n", "num_keep", "num_ctx", "num_batch", "num_gpu", "main_gpu", "num_thread", "draft_num_predict"];
    static readonly HashSet<string> BoolKeys = ["use_mmap"];

    public static SamplingOptions From(JsonElement? options)
    {
        if (options is not { ValueKind: JsonValueKind.Object } o) return Default;
        long seed = 0, numPredict = -1;
        var stop = new List<string>();
        foreach (var p in o.EnumerateObject())
        {
            var v = p.Value;
            if (v.ValueKind == JsonValueKind.Null) continue;
            if (FloatKeys.Contains(p.Name))
            {
                if (v.ValueKind != JsonValueKind.Number) throw Wrong(p.Name, "float32");
            }
            else if (IntKeys.Contains(p.Name))
            {
                if (v.ValueKind != JsonValueKind.Number) throw Wrong(p.Name, "integer");
                // Go truncates fractional numbers for integer options.
                var n = (long)Math.Truncate(v.GetDouble());
                if (p.Name == "seed") seed = n;
                if (p.Name == "num_predict") numPredict = n;
            }
            else if (BoolKeys.Contains(p.Name))
            {
                if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw Wrong(p.Name, "boolean");
            }
            else if (p.Name == "stop")
            {
                if (v.ValueKind != JsonValueKind.Array) throw Wrong(p.Name, "array");
                foreach (var item in v.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String)
                        throw new ApiError(500, $"option \"{p.Name}\" must be of an array of strings");
                    stop.Add(item.GetString()!);
                }
            }
        }
        return new SamplingOptions { Seed = seed, NumPredict = numPredict, Stop = stop };
    }

    static ApiError Wrong(string key, string type) => new(500, $"option \"{key}\" must be of type {type}");
}
