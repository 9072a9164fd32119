using ModelGateway.Diagnostics;

namespace ModelGateway.Tests.Diagnostics;

/// <summary>Generated ids keep the shape they had when they were <c>"req_" + Guid.NewGuid().ToString("N")</c>.</summary>
public class GeneratedRequestIdTests
{
    [Test]
    public void An_id_is_req_and_the_hex_of_a_version_4_GUID()
    {
        for (var i = 0; i < 1000; i++)
        {
            var id = GeneratedRequestId.New();
            Assert.That(id, Does.Match("^req_[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$"));
            Assert.That(Guid.ParseExact(id[4..], "N").Version, Is.EqualTo(4));
        }
    }

    [Test]
    public void Ids_do_not_repeat()
    {
        var ids = Enumerable.Range(0, 100_000).Select(_ => GeneratedRequestId.New()).ToHashSet();
        Assert.That(ids, Has.Count.EqualTo(100_000));
    }

    [Test]
    public void The_old_generator_had_the_same_shape()
        => Assert.That("req_" + Guid.NewGuid().ToString("N"), Does.Match("^req_[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$"));
}
