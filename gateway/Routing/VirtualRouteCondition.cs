namespace ModelGateway.Routing;

/// <summary>
/// The <c>When</c> of a virtual model's rule. Values are kept as text so that a bad one is reported by the fleet
/// validator naming the key, instead of failing the binding; <see cref="VirtualModelRule"/> holds them parsed.
/// </summary>
public sealed class VirtualRouteCondition
{
    /// <summary><c>true</c>: the request carries an image; <c>false</c>: it carries none.</summary>
    public string? HasImages { get; set; }

    /// <summary><c>true</c>: the request offers tools; <c>false</c>: it offers none.</summary>
    public string? HasTools { get; set; }

    /// <summary>The estimated prompt is at most this many tokens.</summary>
    public string? MaxPromptTokens { get; set; }

    /// <summary>The estimated prompt is at least this many tokens.</summary>
    public string? MinPromptTokens { get; set; }
}
