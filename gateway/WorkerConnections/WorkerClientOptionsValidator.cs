using Microsoft.Extensions.Options;

namespace ModelGateway.WorkerConnections;

internal sealed class WorkerClientOptionsValidator : IValidateOptions<WorkerClientOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkerClientOptions options)
    {
        if (string.Equals(options.WorkerClient, WorkerClientOptions.Builtin, StringComparison.OrdinalIgnoreCase)
            || string.Equals(options.WorkerClient, WorkerClientOptions.SocketsHttpHandler, StringComparison.OrdinalIgnoreCase))
            return ValidateOptionsResult.Success;
        return ValidateOptionsResult.Fail(
            $"Gateway:WorkerClient must be '{WorkerClientOptions.Builtin}' or '{WorkerClientOptions.SocketsHttpHandler}', not '{options.WorkerClient}'");
    }
}
