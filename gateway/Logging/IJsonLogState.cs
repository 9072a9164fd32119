using System.Text.Json;

namespace ModelGateway.Logging;

/// <summary>
/// A log state that can write its own JSON line parts, so the console logger can write the framework JSON formatter's
/// line for it straight into UTF-8 bytes: no message string, no boxed property values, no UTF-8 → UTF-16 → UTF-8 round
/// trip. What it writes must equal what the formatter writes from the state's message and its key/value enumeration.
/// </summary>
internal interface IJsonLogState
{
    /// <summary>The message the state's formatter returns, written into <paramref name="destination"/>; false when it does not fit.</summary>
    bool TryFormatMessage(Span<char> destination, out int written);

    /// <summary>Each key/value pair of the state, in enumeration order, as the JSON formatter writes a state item.</summary>
    void WriteProperties(Utf8JsonWriter writer);
}
