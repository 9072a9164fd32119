using System.Globalization;
using ModelGateway.Tests.Diagnostics;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Soak;

/// <summary>
/// What a user would watch on a long-running gateway, read at one instant: the process as the kernel sees it
/// (/proc/&lt;pid&gt;) and as it reports itself in /metrics.
/// </summary>
public sealed record GatewayVitals(
    DateTime At,
    long RssBytes,
    int FileDescriptors,
    int Sockets,
    int Threads,
    long HeapBytes,
    long Timers,
    long Gen2Collections,
    double WorkersInFlight,
    double Queued,
    double ActiveRequests,
    double KestrelConnections,
    double WorkerConnections,
    double RequestsServed)
{
    public const string CsvHeader = "utc,rss_mb,fds,sockets,threads,heap_mb,timers,gen2_gcs,in_flight,queued,active_requests,kestrel_connections,worker_connections,requests_served";

    /// <summary>Reads the process and one scrape of its /metrics.</summary>
    public static async Task<GatewayVitals> ReadAsync(GatewayProcess gateway, HttpClient http)
    {
        var scrape = await ScrapeAsync(gateway, http);
        var pid = gateway.Process.Pid;
        var (fds, sockets) = CountDescriptors(pid);
        return new GatewayVitals(
            DateTime.UtcNow,
            StatusValue(pid, "VmRSS") * 1024,
            fds,
            sockets,
            (int)StatusValue(pid, "Threads"),
            (long)scrape.Sum("dotnet_gc_last_collection_heap_size_bytes"),
            (long)scrape.Sum("dotnet_timer_count"),
            (long)scrape.Sum("dotnet_gc_collections_total", ("gc_heap_generation", "gen2")),
            scrape.Sum("modelgateway_worker_in_flight"),
            scrape.Sum("modelgateway_cluster_queue_length"),
            scrape.Sum("http_server_active_requests"),
            scrape.Sum("kestrel_active_connections"),
            scrape.Sum("http_client_open_connections"),
            scrape.Find("modelgateway_requests_total").Where(s => s.Labels.GetValueOrDefault("surface") is "openai" or "ollama").Sum(s => s.Value));
    }

    public static async Task<MetricsScrape> ScrapeAsync(GatewayProcess gateway, HttpClient http)
    {
        using var response = await http.GetAsync(gateway.BaseUrl + "/metrics");
        response.EnsureSuccessStatusCode();
        return new MetricsScrape(await response.Content.ReadAsStringAsync());
    }

    public string ToCsv() => string.Join(',',
        At.ToString("HH:mm:ss", CultureInfo.InvariantCulture), Mb(RssBytes), FileDescriptors, Sockets, Threads, Mb(HeapBytes), Timers,
        Gen2Collections, WorkersInFlight, Queued, ActiveRequests, KestrelConnections, WorkerConnections, RequestsServed);

    public override string ToString()
        => $"rss {Mb(RssBytes)} MB, fds {FileDescriptors} ({Sockets} sockets), threads {Threads}, heap {Mb(HeapBytes)} MB, timers {Timers}, " +
           $"in flight {WorkersInFlight}, queued {Queued}, active requests {ActiveRequests}, client connections {KestrelConnections}, worker connections {WorkerConnections}";

    public static string Mb(long bytes) => (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture);

    static (int All, int Sockets) CountDescriptors(int pid)
    {
        int all = 0, sockets = 0;
        foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
        {
            all++;
            try
            {
                if (new FileInfo(fd).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true) sockets++;
            }
            catch (IOException) { } // closed while listing
        }
        return (all, sockets);
    }

    /// <summary>A numeric field of /proc/&lt;pid&gt;/status (<c>VmRSS:  81234 kB</c>, <c>Threads:  23</c>).</summary>
    static long StatusValue(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        throw new InvalidOperationException($"/proc/{pid}/status has no {field}");
    }
}
