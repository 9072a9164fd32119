namespace ModelGateway.Routing;

/// <summary>One element of a virtual model's <c>Routes</c>: the model that answers when every condition of <see cref="When"/> holds.</summary>
public sealed class VirtualRouteEntry
{
    /// <summary>The conditions; absent on the last rule, which matches every request.</summary>
    public VirtualRouteCondition? When { get; set; }

    /// <summary>The real model (a configured name or alias, or with discovery any installed model) that answers.</summary>
    public string Model { get; set; } = "";
}
