using Microsoft.Extensions.Options;

namespace ModelGateway.Caching;

/// <summary>Cross-key checks the data annotations on <see cref="ResponseCacheOptions"/> cannot express.</summary>
internal sealed class ResponseCacheOptionsValidator : IValidateOptions<ResponseCacheOptions>
{
    public ValidateOptionsResult Validate(string? name, ResponseCacheOptions options)
        => options.MaxTotalBytes < options.MaxEntryBytes
            ? ValidateOptionsResult.Fail("ResponseCache:MaxTotalBytes must not be smaller than ResponseCache:MaxEntryBytes")
            : ValidateOptionsResult.Success;
}
