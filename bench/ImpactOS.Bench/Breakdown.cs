using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;

namespace ImpactOS.Bench;

/// <summary>The app's <c>Server-Timing</c> headers (on with <c>ImpactOS__Diagnostics__ServerTiming=true</c>,
/// as bench/run.sh starts it) gathered over many requests: mean and median of every entry's
/// duration, and of the numbers their descriptions carry (queries, connections, bytes).</summary>
public sealed partial class Breakdown
{
    private readonly ConcurrentQueue<(string Label, string Header)> _headers = new();

    /// <summary>Keeps the response's header under <paramref name="label"/> (a method, a route).</summary>
    public void Add(string label, HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("Server-Timing", out var values))
        {
            _headers.Enqueue((label, string.Join(", ", values)));
        }
    }

    public int Count => _headers.Count;

    /// <summary>The last <paramref name="measured"/> headers (the warm-up's are left out) as a table per label.</summary>
    public string Table(long measured)
    {
        var kept = _headers.ToArray().TakeLast((int)Math.Min(measured, int.MaxValue)).ToList();
        if (kept.Count == 0)
        {
            return "(no Server-Timing headers: start the app with ImpactOS__Diagnostics__ServerTiming=true)";
        }

        var text = new StringBuilder();
        foreach (var group in kept.GroupBy(h => h.Label))
        {
            var durations = new Dictionary<string, List<double>>();
            var numbers = new Dictionary<string, List<double>>();
            var order = new List<string>();
            foreach (var (_, header) in group)
            {
                foreach (var entry in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    var name = entry.Split(';')[0].Trim();
                    if (!order.Contains(name))
                    {
                        order.Add(name);
                    }

                    if (Duration().Match(entry) is { Success: true } d)
                    {
                        Values(durations, name).Add(double.Parse(d.Groups[1].Value, CultureInfo.InvariantCulture));
                    }

                    if (Description().Match(entry) is { Success: true } n)
                    {
                        Values(numbers, name).Add(double.Parse(n.Groups[1].Value, CultureInfo.InvariantCulture));
                    }
                }
            }

            text.AppendLine(CultureInfo.InvariantCulture, $"{group.Key}: {group.Count()} responses");
            text.AppendLine("| entry | mean ms | median ms | mean count | median count |");
            text.AppendLine("| --- | ---: | ---: | ---: | ---: |");
            foreach (var name in order)
            {
                var dur = durations.GetValueOrDefault(name);
                var num = numbers.GetValueOrDefault(name);
                var showDuration = dur is not null && name != "alloc";
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {name} | {(showDuration ? Mean(dur!) : "")} | {(showDuration ? Median(dur!) : "")} | {(num is null ? "" : Mean(num))} | {(num is null ? "" : Median(num))} |");
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    /// <summary>The process's resident set (VmRSS) and its peak (VmHWM), from /proc.</summary>
    public static string Memory(int pid)
    {
        var status = $"/proc/{pid}/status";
        if (!File.Exists(status))
        {
            return $"(no process {pid})";
        }

        var lines = File.ReadAllLines(status);
        string Field(string name) => lines.FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "?";
        return $"working set (VmRSS) {Field("VmRSS")}, peak (VmHWM) {Field("VmHWM")}";
    }

    private static List<double> Values(Dictionary<string, List<double>> map, string name) =>
        map.TryGetValue(name, out var list) ? list : map[name] = [];

    private static string Mean(List<double> values) => Math.Round(values.Average(), 3).ToString(CultureInfo.InvariantCulture);

    private static string Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        var median = sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return Math.Round(median, 3).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>One request of <c>hit</c>: a GET, or for <c>--mark-undo</c> a PUT (achieved) on
    /// the client's first call and a DELETE on the next, in turn.</summary>
    public static async Task SendAsync(HttpClient client, string path, bool markUndo, bool[] marked, int c, Breakdown breakdown)
    {
        HttpResponseMessage response;
        string label;
        if (!markUndo)
        {
            response = await client.GetAsync(path);
            label = "GET";
        }
        else if (!marked[c])
        {
            response = await client.PutAsJsonAsync(path, new { status = "achieved" });
            label = "PUT";
            marked[c] = true;
        }
        else
        {
            response = await client.DeleteAsync(path);
            label = "DELETE";
            marked[c] = false;
        }

        using (response)
        {
            breakdown.Add(label, response);
            await Load.ExpectAsync(response, path);
        }
    }

    [GeneratedRegex(@";\s*dur=([0-9.]+)")]
    private static partial Regex Duration();

    [GeneratedRegex("""desc="([0-9.]+)""")]
    private static partial Regex Description();
}
