using System.Net;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.OpenAI;

/// <summary>
/// /v1/completions on a thinking model: the legacy answer has no place for the thinking, which still uses up
/// <c>max_tokens</c>. A client can switch it off the way it does on chat.
/// </summary>
[NonParallelizable]
public class LegacyCompletionThinkingTests
{
    [Test]
    public async Task ThinkingModel_SwitchedOff_AnswersWithText_WhereItsThinkingWouldHaveUsedTheWholeBudget()
    {
        await using var sim = await SimulatorProcess.StartAsync("--models", "qwen3:8b=completion|tools|thinking", "--preload", "*", "--quiet");
        await using var gateway = await GatewayProcess.StartAsync(new FleetConfig().Cluster("gpu").Worker("gpu", "w1", sim.BaseUrl).Model("qwen3:8b", "gpu"),
            waitForModels: ["qwen3:8b"]);

        async Task<string> TextAsync(string extra)
        {
            using var response = await gateway.Http.PostJsonAsync("/v1/completions", $$"""{"model":"qwen3:8b","prompt":"Name a colour.","max_tokens":4{{extra}}}""");
            var body = await response.ReadJsonObjectAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
            Assert.That((string?)body["choices"]![0]!["finish_reason"], Is.EqualTo("length"));
            return (string)body["choices"]![0]!["text"]!;
        }

        Assert.That(await TextAsync(""), Is.Empty, "the model's own default: four tokens of thinking, no text");
        foreach (var off in new[] { ",\"reasoning_effort\":\"none\"", ",\"think\":false", ",\"reasoning\":{\"effort\":\"none\"}" })
            Assert.That((await TextAsync(off)).Split(' ', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(4), off);
    }
}
