using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ModelGateway.Bench.Scenarios;

/// <summary>The simulator's own counters (/_sim/stats): how many streams it really had open at once.</summary>
public static class SimulatorStats
{
    static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public static async Task ResetAsync(string baseUrl)
    {
        using var response = await Http.PostAsync(baseUrl + "/_sim/reset", null);
        response.EnsureSuccessStatusCode();
    }

    public static async Task<long> MaxInFlightAsync(string baseUrl)
    {
        var stats = await Http.GetFromJsonAsync<JsonObject>(baseUrl + "/_sim/stats");
        return (long?)stats?["maxInFlight"] ?? -1;
    }

    public static async Task<long> InferenceRequestsAsync(string baseUrl)
    {
        var stats = await Http.GetFromJsonAsync<JsonObject>(baseUrl + "/_sim/stats");
        return (long?)stats?["inferenceRequests"] ?? -1;
    }
}
