using System.Text.Json;
using FluentValidation;

namespace ModelGateway.Validation;

/// <summary>Two tools with one name leave the model unable to say which it calls.</summary>
internal static class UniqueToolNames
{
    public static void Check<T>(IReadOnlyList<JsonElement> tools, ValidationContext<T> context)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tools.Count; i++)
        {
            if (tools[i].ValueKind == JsonValueKind.Object
                && tools[i].TryGetProperty("function"u8, out var function) && function.ValueKind == JsonValueKind.Object
                && function.TryGetProperty("name"u8, out var name) && name.ValueKind == JsonValueKind.String
                && !seen.Add(name.GetString()!))
            {
                context.AddFailure($"tools[{i}].function.name", $"a tool named '{name.GetString()}' is already defined.");
                return;
            }
        }
    }
}
