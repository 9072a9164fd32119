using ModelGateway.Forwarding;

namespace ModelGateway.Validation.Transport;

/// <summary>
/// A request body that arrived whole, within the limits, as well-formed UTF-8 within the structural bounds. <see cref="Model"/>
/// is the structure scan's answer for the top-level model when it read the body to its end (null: ask <see cref="ModelField.Find"/>).
/// </summary>
internal sealed record ReceivedBody(byte[] Bytes, IReadOnlySet<string> TopLevelFields, (ModelField Field, string? Error)? Model = null)
{
    /// <summary>The top-level model as <see cref="ModelField.Find"/> answers, without a second pass when the scan found it.</summary>
    public (ModelField Field, string? Error) FindModel() => Model ?? ModelField.Find(Bytes);
}
