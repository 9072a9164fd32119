namespace ModelGateway.Diagnostics;

public static class DiagnosticsApplicationExtensions
{
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Starts metric collection, adds the request telemetry middleware (call this before other gateway middleware so
    /// it sees their rejections too) and maps <c>GET /metrics</c> in the Prometheus text format.
    /// </summary>
    public static WebApplication MapGatewayDiagnostics(this WebApplication app)
    {
        var collector = app.Services.GetRequiredService<MetricsCollector>();
        // The gauges are created with the instruments; resolve them now so the first scrape already has them.
        app.Services.GetRequiredService<GatewayMetrics>();
        collector.Start();
        app.UseMiddleware<RequestTelemetryMiddleware>();
        app.MapMethods(MetricsPath, ["GET", "HEAD"], context => Results.Text(collector.Scrape(), PrometheusTextWriter.ContentType).ExecuteAsync(context))
            .WithTags("Diagnostics");
        return app;
    }
}
