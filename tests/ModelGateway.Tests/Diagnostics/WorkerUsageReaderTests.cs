using System.Text;
using ModelGateway.Diagnostics;

namespace ModelGateway.Tests.Diagnostics;

public class WorkerUsageReaderTests
{
    [Test]
    public void OllamaFinalLine_GivesPromptAndCompletionCounts()
    {
        var tail = Encoding.UTF8.GetBytes("{\"model\":\"m\",\"done\":true,\"context\":[1,2,3],\"prompt_eval_count\": 26,\"prompt_eval_duration\":1,\"eval_count\":259,\"eval_duration\":2}\n");
        Assert.That(WorkerUsageReader.TryRead(tail, out var prompt, out var completion), Is.True);
        Assert.That((prompt, completion), Is.EqualTo((26L, 259L)));
    }

    [Test]
    public void OpenAIUsage_GivesPromptAndCompletionCounts()
    {
        var tail = Encoding.UTF8.GetBytes("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":12,\"total_tokens\":21}}\n\ndata: [DONE]\n\n");
        Assert.That(WorkerUsageReader.TryRead(tail, out var prompt, out var completion), Is.True);
        Assert.That((prompt, completion), Is.EqualTo((9L, 12L)));
    }

    [Test]
    public void AnswerWithoutCounts_GivesNothing()
    {
        var tail = Encoding.UTF8.GetBytes("{\"models\":[{\"name\":\"eval_count\"}]}");
        Assert.That(WorkerUsageReader.TryRead(tail, out _, out _), Is.False);
    }
}
