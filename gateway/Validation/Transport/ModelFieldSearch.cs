using System.Text.Json;
using ModelGateway.Forwarding;

namespace ModelGateway.Validation.Transport;

/// <summary>
/// Follows the structure scan's tokens to find the top-level <c>model</c> (or deprecated <c>name</c>) with exactly the
/// answer <see cref="ModelField.Find"/> gives for the same well-formed body, so /api requests are not read a second time.
/// </summary>
internal struct ModelFieldSearch
{
    ModelField _model;
    ModelField _name;
    string? _error;
    Pending _pending;

    /// <summary>Call at every property name of the top-level object.</summary>
    public void AtTopLevelName(ref Utf8JsonReader reader)
        => _pending = ModelField.KindOf(ref reader, ignoreCase: true) switch
        {
            ModelField.Kind.Model => Pending.Model,
            ModelField.Kind.Name => Pending.Name,
            _ => Pending.None,
        };

    /// <summary>Call at the token that starts each value of the top-level object (a string only once it is known to decode).</summary>
    public void AtTopLevelValue(ref Utf8JsonReader reader)
    {
        var pending = _pending;
        _pending = Pending.None;
        // Find stops at the first field of the wrong type, so nothing after it counts.
        if (pending == Pending.None || _error is not null) return;
        if (reader.TokenType == JsonTokenType.String)
        {
            var field = new ModelField(reader.GetString(), (int)reader.TokenStartIndex, (int)(reader.BytesConsumed - reader.TokenStartIndex), pending == Pending.Name);
            if (pending == Pending.Model) _model = field; else _name = field;
        }
        else if (reader.TokenType != JsonTokenType.Null)
        {
            _error = ModelField.NotAString(reader.TokenType, pending == Pending.Model);
        }
    }

    /// <summary>The answer for a body read to its end without a syntax error; <paramref name="first"/> is its first token.</summary>
    public readonly (ModelField Field, string? Error) Result(JsonTokenType first)
    {
        if (first != JsonTokenType.StartObject) return (default, ModelField.NotAnObject(first));
        return _error is not null ? (default, _error) : (ModelField.Chosen(_model, _name), null);
    }

    enum Pending : byte { None, Model, Name }
}
