using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OllamaSim.Configuration;
using OllamaSim.Faults;
using OllamaSim.Requests;
using OllamaSim.Stats;
using OllamaSim.Wire;

namespace OllamaSim.Control;

/// <summary>
/// The simulator's own endpoints under <c>/_sim/</c>: read/change faults at run time, read/reset counters.
/// Served on the API port and, with <c>--control-port</c>, on that port too (which keeps working while the API refuses).
/// </summary>
public sealed class ControlEndpoints(SimulatorOptions options, FaultInjector faults, RefusalSwitch refusal, SimulatorStats stats, Scheduling.Scheduler scheduler)
{
    public void Map(Endpoints.RouteTable routes) => routes
        .Map("GET", "/_sim/faults", GetFaults)
        .Map("POST", "/_sim/faults", SetFaultsAsync)
        .Map("GET", "/_sim/stats", GetStats)
        .Map("POST", "/_sim/reset", Reset);

    Task GetFaults(HttpContext context) => WriteFaults(context);

    async Task SetFaultsAsync(HttpContext context)
    {
        using var body = await RequestBody.ReadAsync(context.Request, "faults");
        var current = faults.Settings;
        TimeSpan? refuse = null;
        if (body.RootElement.ValueKind != JsonValueKind.Object) throw ApiError.BadRequest("expected a JSON object of fault settings");
        foreach (var p in body.RootElement.EnumerateObject())
        {
            switch (p.Name)
            {
                case "failRate": current = current with { FailRate = Rate(p) }; break;
                case "hangRate": current = current with { HangRate = Rate(p) }; break;
                case "dropRate": current = current with { DropRate = Rate(p) }; break;
                case "slowFirstTokenMs": current = current with { SlowFirstTokenMs = (int)Number(p, 0, int.MaxValue) }; break;
                case "refuseForMs":
                    var ms = Number(p, -1, int.MaxValue);
                    refuse = ms < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(ms);
                    break;
                default: throw ApiError.BadRequest($"unknown fault setting \"{p.Name}\" (use failRate, hangRate, dropRate, slowFirstTokenMs, refuseForMs)");
            }
        }
        if (current.FailRate + current.HangRate + current.DropRate > 1)
            throw ApiError.BadRequest("failRate + hangRate + dropRate must not exceed 1");
        if (refuse == Timeout.InfiniteTimeSpan && options.ControlPort is null)
            throw ApiError.BadRequest("refuseForMs -1 (refuse until told otherwise) needs --control-port, or nothing could end it");
        faults.Settings = current;
        if (refuse is { } duration)
        {
            if (duration == TimeSpan.Zero) await refusal.AcceptAsync();
            else
            {
                // Close the API socket before answering, sparing only this connection, and close it after the answer:
                // once the client has read this response, new connections are already refused.
                context.Response.Headers.Connection = "close";
                await refusal.RefuseAsync(duration, context.Connection.Id);
            }
        }
        await WriteFaults(context);
    }

    Task GetStats(HttpContext context) => JsonBody.WriteAsync(context.Response, 200, w => stats.Write(w, options.WorkerName, scheduler.Pending.Count));

    async Task Reset(HttpContext context)
    {
        stats.Reset();
        faults.Settings = FaultSettings.None;
        await refusal.AcceptAsync();
        await GetStats(context);
    }

    Task WriteFaults(HttpContext context) => JsonBody.WriteAsync(context.Response, 200, w =>
    {
        var s = faults.Settings;
        w.WriteStartObject();
        w.WriteNumber("failRate", s.FailRate);
        w.WriteNumber("hangRate", s.HangRate);
        w.WriteNumber("dropRate", s.DropRate);
        w.WriteNumber("slowFirstTokenMs", s.SlowFirstTokenMs);
        w.WriteNumber("refuseForMs", refusal.RemainingMs);
        w.WriteEndObject();
    });

    static double Rate(JsonProperty p) => Number(p, 0, 1);

    static double Number(JsonProperty p, double min, double max)
    {
        if (p.Value.ValueKind != JsonValueKind.Number) throw ApiError.BadRequest($"{p.Name} must be a number");
        var v = p.Value.GetDouble();
        if (v < min || v > max) throw ApiError.BadRequest($"{p.Name} must be between {min} and {max}");
        return v;
    }
}
