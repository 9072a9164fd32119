using System.Net.Sockets;
using System.Text;

namespace ModelGateway.Bench.Processes;

/// <summary>
/// Counts the commands clients send to Redis while an action runs, with MONITOR: a line naming a client address is
/// one round trip; a line marked <c>[0 lua]</c> runs inside a script and costs no extra round trip.
/// </summary>
public static class RedisMonitor
{
    public static async Task<(long RoundTrips, long ScriptCommands)> CountAsync(int port, Func<Task> action)
    {
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("MONITOR\r\n"));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        if (await reader.ReadLineAsync() != "+OK") throw new InvalidOperationException("redis did not accept MONITOR");

        long roundTrips = 0, scriptCommands = 0;
        using var stop = new CancellationTokenSource();
        var counting = Task.Run(async () =>
        {
            try
            {
                while (await reader.ReadLineAsync(stop.Token) is { } line)
                {
                    if (line.Contains(" [0 lua] ", StringComparison.Ordinal) || line.Contains(" lua] ", StringComparison.Ordinal)) scriptCommands++;
                    else roundTrips++;
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException) { }
        });
        await action();
        await Task.Delay(300);
        await stop.CancelAsync();
        client.Close();
        await counting;
        return (roundTrips, scriptCommands);
    }
}
