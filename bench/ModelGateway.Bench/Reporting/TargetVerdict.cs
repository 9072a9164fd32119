namespace ModelGateway.Bench.Reporting;

/// <summary>One line of the target list: the figure measured, the limit, and whether it was met.</summary>
public sealed record TargetVerdict(string Target, string Measured, string Limit, bool? Met)
{
    public string Outcome => Met switch { true => "met", false => "**missed**", null => "not measured" };
}
