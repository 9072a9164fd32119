using System.Text;
using ModelGateway.Forwarding;
using ModelGateway.Tests.Validation.Gateway;
using ModelGateway.Validation.Transport;

namespace ModelGateway.Tests.Validation;

/// <summary>
/// The structure scan finds the top-level model on its way through an /api body, so the passthrough does not read the
/// body again. Whenever it gives an answer, that answer is exactly <see cref="ModelField.Find"/>'s.
/// </summary>
public class JsonStructureScanModelTests
{
    static readonly JsonStructureLimits Limits = new(MaxDepth: 16, MaxArrayItems: 64);

    static IEnumerable<string> Bodies()
    {
        foreach (var bad in CorpusCase.Load("api-bad-bodies.json"))
            yield return Encoding.UTF8.GetString(bad.Body);
        string[] more =
        [
            """{"model":"short:1b","messages":[{"role":"user","content":"Tell me something short about harbors."}],"stream":false}""",
            """{"messages":[{"role":"user","content":"hi","model":"inner"}],"options":{"model":"x"},"model":"llama3.2"}""",
            """{"name":"llava"}""",
            """{"model":"","name":"llava"}""",
            """{"model":null,"name":"llava"}""",
            """{"model":"a","model":"b"}""",
            """{"name":"a","model":"b","name":"c"}""",
            """{"model":42}""",
            """{"model":"ok","name":42}""",
            """{"name":true,"model":"ok"}""",
            """{"model":{"nested":"x"}}""",
            """{"model":["x"]}""",
            """{"mod\u0065l":"escaped-name"}""",
            """{"model":"a","MODEL":"b"}""",
            """{"Model":"a","name":"b"}""",
            """{"\u004dodel":"escaped-upper"}""",
            """{"NAME":"n"}""",
            """{"model":"esc\u0061ped"}""",
            """{"model" : "chat" ,"stream":false}""",
            """{"messages":[],"model":"late"}""",
            """{}""",
            """[1,2]""",
            """[{"model":"x"}]""",
            "\"text\"",
            "42",
            "true",
            "null",
            """{"model":""",
            """{"model":"x"} {"model":"y"}""",
            """{"model":"x",}""",
            "  {\"model\":\"spaced\"}  ",
        ];
        foreach (var body in more) yield return body;
    }

    [TestCaseSource(nameof(Bodies))]
    public void Its_answer_is_exactly_what_ModelField_Find_answers(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var report = JsonStructureScan.Scan(bytes, Limits);
        if (report.Model is not { } found) return; // not read to its end: the handler asks Find itself
        var expected = ModelField.Find(bytes);
        Assert.That(found.Error, Is.EqualTo(expected.Error));
        Assert.That(found.Field, Is.EqualTo(expected.Field));
    }

    [TestCase("""{"model":"short:1b","messages":[{"role":"user","content":"hi"}],"stream":false}""", "short:1b")]
    [TestCase("""{"name":"llava"}""", "llava")]
    public void A_well_formed_body_comes_with_its_model(string json, string model)
    {
        var report = JsonStructureScan.Scan(Encoding.UTF8.GetBytes(json), Limits);
        Assert.That(report.Model, Is.Not.Null);
        Assert.That(report.Model!.Value.Field.Value, Is.EqualTo(model));
        Assert.That(report.Model.Value.Error, Is.Null);
    }

    [TestCase("""{"model":""")]
    [TestCase("""{"model":"x",}""")]
    public void A_body_with_a_syntax_error_is_left_to_Find(string json)
        => Assert.That(JsonStructureScan.Scan(Encoding.UTF8.GetBytes(json), Limits).Model, Is.Null);

    [Test]
    public void The_received_body_answers_like_Find_with_or_without_the_scans_answer()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"model":"m","stream":false}""");
        var withScan = new ReceivedBody(bytes, new HashSet<string>(), JsonStructureScan.Scan(bytes, Limits).Model);
        var withoutScan = new ReceivedBody(bytes, new HashSet<string>());
        Assert.That(withScan.FindModel(), Is.EqualTo(ModelField.Find(bytes)));
        Assert.That(withoutScan.FindModel(), Is.EqualTo(ModelField.Find(bytes)));
    }
}
