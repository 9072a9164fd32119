namespace ModelGateway.Tests.Clients;

/// <summary>Stops the shared <see cref="ClientFleet"/> once every client test of the run has finished.</summary>
[SetUpFixture]
public class ClientFleetShutdown
{
    [OneTimeTearDown]
    public Task StopFleet() => ClientFleet.StopSharedAsync();
}
