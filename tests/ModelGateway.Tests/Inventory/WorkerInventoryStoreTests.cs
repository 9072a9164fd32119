using System.Collections.Frozen;
using ModelGateway.Inventory;

namespace ModelGateway.Tests.Inventory;

/// <summary>
/// A refresh right after a pull races the regular poll: an answer to a poll that began before the refresh must not
/// put back the inventory from before the pull.
/// </summary>
[TestFixture]
public sealed class WorkerInventoryStoreTests
{
    static WorkerInventory Inventory(long pollSequence, params string[] installed)
        => new("gpu", "w1", installed.ToFrozenDictionary(m => m, m => m), FrozenSet<string>.Empty, "0.13.0", DateTimeOffset.UtcNow) { PollSequence = pollSequence };

    [Test]
    public void AnAnswerToAnEarlierPoll_DoesNotReplaceALaterOne()
    {
        var store = new WorkerInventoryStore();
        store.Set(Inventory(1, "llama3.2:3b"));
        store.Set(Inventory(3, "llama3.2:3b", "smollm2:135m"));
        store.Set(Inventory(2, "llama3.2:3b"));
        Assert.That(store.Get("gpu", "w1")!.HasInstalled("smollm2:135m"), Is.True);

        store.Set(Inventory(4, "llama3.2:3b"));
        Assert.That(store.Get("gpu", "w1")!.HasInstalled("smollm2:135m"), Is.False, "a later poll does replace it");
    }
}
