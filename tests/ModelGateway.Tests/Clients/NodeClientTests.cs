using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Clients;

/// <summary>
/// The official Node clients (openai, LangChain's ChatOpenAI/OpenAIEmbeddings) run their own test files in
/// tests/node against the gateway; every response they received is then checked against OpenAI's schema here.
/// </summary>
[NonParallelizable]
public class NodeClientTests
{
    [TestCase("openai-client.test.mjs", 25)]
    [TestCase("langchain.test.mjs", 8)]
    [TestCase("openai-responses.test.mjs", 22)]
    public async Task NodeClientFile_PassesAgainstTheGateway_AndEveryResponseMatchesOpenAIsSchema(string file, int atLeastResponses)
    {
        var fleet = await ClientFleet.SharedAsync();
        var captureDir = Path.Combine(Path.GetTempPath(), "mg-capture-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            var run = await NodeTestRun.RunAsync(file, new Dictionary<string, string?>
            {
                ["OPENAI_BASE_URL"] = fleet.OpenAIBaseUrl,
                ["OPENAI_API_KEY"] = "sk-test",
                ["CAPTURE_DIR"] = captureDir,
                ["CHAT_MODEL"] = ClientFleet.ChatModel,
                ["VISION_MODEL"] = ClientFleet.VisionModel,
                ["EMBED_MODEL"] = ClientFleet.EmbeddingModel,
                ["HF_MODEL"] = ClientFleet.HuggingFaceModel,
                ["BUSY_MODEL"] = ClientFleet.BusyModel,
                ["FLAKY_MODEL"] = ClientFleet.FlakyModel,
                // The suite kills this worker in the middle of a stream; it is started again below.
                ["FLAKY_WORKER_PID"] = fleet.FlakyWorkerPid.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["FLAKY_WORKER_URL"] = fleet.FlakyWorkerUrl,
                ["THINK_MODEL"] = ClientFleet.ThinkingModel,
            }, TimeSpan.FromSeconds(60));
            Assert.That(run.ExitCode, Is.EqualTo(0), () => $"node --test {file} failed:\n{run.Output}");
            TestContext.Out.WriteLine(run.Output);

            var (responses, failures) = NodeCaptureFiles.Read(captureDir);
            Assert.That(failures, Is.Empty);
            Assert.That(responses, Has.Count.GreaterThanOrEqualTo(atLeastResponses), "every client call should have been recorded");
            Assert.That(responses.SelectMany(OpenAIResponseConformance.Check), Is.Empty);
        }
        finally
        {
            await fleet.ReviveFlakyWorkerAsync();
            if (Directory.Exists(captureDir)) Directory.Delete(captureDir, recursive: true);
        }
    }
}
