using ModelGateway.Transforms.Ollama;

namespace ModelGateway.Tests.Transforms.Ollama;

public class OllamaWorkerFeaturesTests
{
    [TestCase("0.12.10", 0, 12, 10)]
    [TestCase("v0.33.0-rc2", 0, 33, 0)]
    [TestCase("0.5", 0, 5, 0)]
    public void FromVersion_ParsesReleaseNumbers(string text, int major, int minor, int build) =>
        Assert.That(OllamaWorkerFeatures.FromVersion(text).Version, Is.EqualTo(new Version(major, minor, build)));

    [TestCase(null)]
    [TestCase("")]
    [TestCase("0.0.0")]
    [TestCase("garbage")]
    public void UnknownVersions_AreTreatedAsCurrent(string? text) =>
        Assert.That(OllamaWorkerFeatures.FromVersion(text), Is.EqualTo(OllamaWorkerFeatures.Current));

    [Test]
    public void FeatureBoundaries_FollowTheVersionTable()
    {
        Assert.Multiple(() =>
        {
            Assert.That(OllamaWorkerFeatures.FromVersion("0.8.9").SupportsThink, Is.False);
            Assert.That(OllamaWorkerFeatures.FromVersion("0.9.0").SupportsThink, Is.True);
            Assert.That(OllamaWorkerFeatures.FromVersion("0.11.0").SupportsThinkLevels, Is.False);
            Assert.That(OllamaWorkerFeatures.FromVersion("0.11.1").SupportsThinkLevels, Is.True);
            Assert.That(OllamaWorkerFeatures.FromVersion("0.21.5").SupportsThinkMax, Is.False);
            Assert.That(OllamaWorkerFeatures.FromVersion("0.22.0").SupportsThinkMax, Is.True);
            Assert.That(OllamaWorkerFeatures.FromVersion("0.12.10").SupportsLogprobs, Is.False);
            Assert.That(OllamaWorkerFeatures.FromVersion("0.12.11").SupportsLogprobs, Is.True);
            Assert.That(OllamaWorkerFeatures.FromVersion("0.11.10").SupportsEmbedDimensions, Is.False);
            Assert.That(OllamaWorkerFeatures.FromVersion("0.11.11").SupportsEmbedDimensions, Is.True);
            Assert.That(OllamaWorkerFeatures.FromVersion("0.12.9").SendsToolCallIds, Is.False);
        });
    }

    /// <summary>Versions are remembered after the first read; asking again answers the same, release by release.</summary>
    [Test]
    public void AskingAgain_GivesTheSameAnswer_ForEachRelease()
    {
        string[] releases = ["0.12.10", "0.12.11", "v0.33.0-rc2", "0.9.0", "0.8.9", "0.0.0"];
        var first = releases.Select(OllamaWorkerFeatures.FromVersion).ToList();
        var again = releases.Select(OllamaWorkerFeatures.FromVersion).ToList();
        Assert.That(again, Is.EqualTo(first));
        Assert.That(again.Select(f => f.SupportsLogprobs), Is.EqualTo(new[] { false, true, true, false, false, true }));
    }
}
