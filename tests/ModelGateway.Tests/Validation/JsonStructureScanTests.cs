using System.Text;
using ModelGateway.Validation.Transport;

namespace ModelGateway.Tests.Validation;

public class JsonStructureScanTests
{
    static readonly JsonStructureLimits Limits = new(MaxDepth: 8, MaxArrayItems: 3);

    static JsonStructureReport Scan(string json) => JsonStructureScan.Scan(Encoding.UTF8.GetBytes(json), Limits);

    [Test]
    public void A_body_within_the_limits_has_no_problem_and_its_top_level_fields_are_named()
    {
        const string json = """{"model":"m","messages":[{"role":"user","content":"x"}],"max_completion_tokens":5,"nested":{"deep":{"inner":1}},"\u0065scaped":1}""";
        Assert.That(Scan(json).Problem, Is.Null);
        Assert.That(new TopLevelFieldNames(Encoding.UTF8.GetBytes(json)), Is.EquivalentTo(new[] { "model", "messages", "max_completion_tokens", "nested", "escaped" }));
    }

    static JsonStructureReport ScanNative(string json)
        => JsonStructureScan.Scan(Encoding.UTF8.GetBytes(json), Limits with { UniqueTopLevelNames = true });

    // Go's decoder lets the last of repeated fields win (and merges repeated options objects): a body that names a field
    // twice could mean one thing to the gateway's checks and another to the worker, so a native body may not.
    [TestCase("""{"model":"a","messages":[],"MODEL":"b"}""", "MODEL")]
    [TestCase("""{"options":{"num_ctx":1},"Options":{}}""", "Options")]
    [TestCase("""{"stream":true,"\u017ftream":false}""", "\u017ftream")]
    [TestCase("""{"model":"a","mod\u0065l":"b"}""", "model")]
    public void A_native_body_naming_a_top_level_field_twice_is_a_problem_at_the_second(string json, string path)
    {
        var report = ScanNative(json);
        Assert.That(report.Problem, Does.Contain("more than once"));
        Assert.That(report.Path, Is.EqualTo(path));
        Assert.That(Scan(json).Problem, Is.Null, "only when asked: OpenAI bodies are read by case-sensitive parsers, last one winning");
    }

    [Test]
    public void Repeated_names_are_found_among_many_fields_and_nested_repeats_are_left_alone()
    {
        var fields = string.Concat(Enumerable.Range(0, 40).Select(i => $"\"f{i}\":{i},"));
        Assert.That(ScanNative("{" + fields + "\"F7\":0}").Path, Is.EqualTo("F7"));
        Assert.That(ScanNative("{" + fields + "\"g\":0}").Problem, Is.Null);
        Assert.That(ScanNative("""{"options":{"a":1,"a":2},"messages":[{"role":"user","role":"user"}]}""").Problem, Is.Null);
    }

    [Test]
    public void A_malformed_body_names_the_top_level_fields_before_the_fault()
        => Assert.That(new TopLevelFieldNames(Encoding.UTF8.GetBytes("""{"model":"m","max_tokens":5,"x":}""")), Is.EquivalentTo(new[] { "model", "max_tokens", "x" }));

    [Test]
    public void Nesting_deeper_than_the_limit_is_a_problem_at_the_path_that_crossed_it()
    {
        Assert.That(Scan("""{"a":[[[[[[[1]]]]]]]}""").Problem, Is.Null, "8 nested containers are within a depth of 8");
        var report = Scan("""{"a":[[[[[[[[1]]]]]]]]}""");
        Assert.That(report.Problem, Does.Contain("deeper than the limit of 8"));
        Assert.That(report.Path, Is.EqualTo("a[0][0][0][0][0][0][0]"));
    }

    [Test]
    public void Nesting_far_beyond_any_reader_limit_is_still_a_depth_problem()
    {
        var json = "{\"a\":" + new string('[', 5000) + new string(']', 5000) + "}";
        Assert.That(Scan(json).Problem, Does.Contain("deeper than the limit"));
    }

    [Test]
    public void An_array_longer_than_the_limit_is_a_problem_at_its_path()
    {
        Assert.That(Scan("""{"m":[{"x":[1,2,3]}]}""").Problem, Is.Null);
        var report = Scan("""{"m":[{"x":[1,2,3,4]}]}""");
        Assert.That(report.Problem, Does.Contain("more than the limit of 3 items"));
        Assert.That(report.Path, Is.EqualTo("m[0].x"));
    }

    [Test]
    public void Invalid_utf8_is_a_problem_of_the_whole_body()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"model":"m","prompt":"X"}""");
        bytes[Array.IndexOf(bytes, (byte)'X')] = 0xC3; // a lead byte with no continuation
        var report = JsonStructureScan.Scan(bytes, Limits);
        Assert.That(report.Problem, Does.Contain("not valid UTF-8"));
        Assert.That(report.Path, Is.Null);
    }

    [Test]
    public void An_escaped_lone_surrogate_is_a_problem_at_its_path()
    {
        var report = Scan("""{"messages":[{"content":"ok"},{"content":"bad \ud800 here"}]}""");
        Assert.That(report.Problem, Does.Contain("lone surrogate"));
        Assert.That(report.Path, Is.EqualTo("messages[1].content"));
        Assert.That(Scan("""{"content":"pair \ud83d\ude00 fine"}""").Problem, Is.Null);
    }

    [TestCase("""{"model":""")]
    [TestCase("""{"model":"m",}""")]
    [TestCase("not json")]
    public void Malformed_json_is_left_to_the_surface_parser(string json)
        => Assert.That(Scan(json).Problem, Is.Null);
}
