using ModelGateway.Errors;
using ModelGateway.Validation.Transport;

namespace ModelGateway.Tests.Validation;

public class ContentTypePolicyTests
{
    [TestCase(null)]
    [TestCase("")]
    [TestCase("application/json")]
    [TestCase("application/json; charset=utf-8")]
    [TestCase("Application/JSON; charset=UTF-8")]
    [TestCase("application/json;charset=utf8")]
    [TestCase("application/vnd.api+json")]
    public void What_SDKs_and_the_ollama_client_send_is_accepted_on_both_surfaces(string? contentType)
    {
        Assert.That(ContentTypePolicy.Check(contentType, ApiSurface.OpenAI), Is.Null);
        Assert.That(ContentTypePolicy.Check(contentType, ApiSurface.Ollama), Is.Null);
    }

    [TestCase("application/x-www-form-urlencoded")]
    [TestCase("text/plain")]
    [TestCase("text/plain; charset=utf-8")]
    public void What_curl_d_sends_is_accepted_on_api_only(string contentType)
    {
        Assert.That(ContentTypePolicy.Check(contentType, ApiSurface.Ollama), Is.Null);
        Assert.That(ContentTypePolicy.Check(contentType, ApiSurface.OpenAI), Does.Contain("application/json"));
    }

    [Test]
    public void A_form_body_on_v1_is_told_how_to_fix_the_curl_call()
        => Assert.That(ContentTypePolicy.Check("application/x-www-form-urlencoded", ApiSurface.OpenAI), Does.Contain("-H \"Content-Type: application/json\""));

    [TestCase("multipart/form-data; boundary=x", "multipart/form-data")]
    [TestCase("application/xml", "application/xml")]
    [TestCase("application/json; charset=utf-16", "utf-16")]
    [TestCase("text/plain; charset=iso-8859-1", "iso-8859-1")]
    [TestCase("not a media type", "cannot be parsed")]
    public void Other_types_and_charsets_are_refused_on_both_surfaces(string contentType, string named)
    {
        Assert.That(ContentTypePolicy.Check(contentType, ApiSurface.OpenAI), Does.Contain(named));
        Assert.That(ContentTypePolicy.Check(contentType, ApiSurface.Ollama), Does.Contain(named));
    }
}
