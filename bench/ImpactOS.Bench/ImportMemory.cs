using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ImpactOS.Bench;

/// <summary>A milestones CSV of a given size, deterministic: companies of 11 SaaS Standard
/// achievements each, with a note and a link per row, as an organization's history would be.</summary>
public static class ImportFile
{
    /// <summary>The SaaS Standard's steps, in order (Features/Tracks/SystemStandards.cs).</summary>
    private static readonly string[] Steps =
    [
        "Business model hypothesis", "Problem Validation", "Problem–solution fit", "MVP live", "First paying customer",
        "Pre-seed / angel round closed", "Repeatable acquisition channel", "Product–market fit", "Seed round closed", "$1M ARR", "Series A closed",
    ];

    private static readonly string[] Industries = ["Analytics", "Climate", "Fintech", "Health", "Education", "Logistics", "Security", "Retail"];

    /// <summary>Writes at least <paramref name="bytes"/> bytes (whole companies); answers the rows and companies written.</summary>
    public static (int Rows, int Companies) Write(string path, long bytes)
    {
        var random = new Random(2026);
        using var output = new StreamWriter(path, false, new UTF8Encoding(false));
        output.Write("company,external_id,industry,founded_on,track,milestone,achieved_at,evidence_note,evidence_url\n");
        int rows = 0, companies = 0;
        while (output.BaseStream.Length < bytes)
        {
            companies++;
            var name = $"Bench Company {companies:D6}";
            var founded = new DateOnly(2012, 1, 1).AddDays(random.Next(0, 3000));
            var day = founded;
            for (var step = 0; step < Steps.Length; step++)
            {
                day = day.AddDays(random.Next(20, 120));
                output.Write(string.Create(CultureInfo.InvariantCulture,
                    $"{name},BENCH-{companies:D6},{Industries[companies % Industries.Length]},{founded:yyyy-MM-dd},SaaS Standard,{Steps[step]},{day:yyyy-MM-dd}," +
                    $"\"Reviewed with the founders on {day:yyyy-MM-dd}: evidence seen, numbers checked against the data room, step {step + 1} of {Steps.Length}.\"," +
                    $"https://evidence.example/{companies:D6}/{step + 1}\n"));
                rows++;
            }

            output.Flush();
        }

        return (rows, companies);
    }
}

/// <summary>Posts a milestones CSV to a running app and reports the app process's peak resident
/// memory during the request (VmHWM, reset just before it), with a 50 ms sample of VmRSS as a check.</summary>
public static class ImportMemory
{
    public static async Task<string> MeasureAsync(Uri baseUrl, string user, string password, int pid, string file, string label, bool dryRun = false)
    {
        var token = await Load.TokenAsync(baseUrl, user, password);
        using var client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var before = Status(pid, "VmRSS");
        // Writing 5 resets the peak (VmHWM) to the current size, so the peak is this request's.
        await File.WriteAllTextAsync($"/proc/{pid}/clear_refs", "5");
        using var sampling = new CancellationTokenSource();
        long sampled = 0;
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                sampled = Math.Max(sampled, Status(pid, "VmRSS"));
                await Task.Delay(50);
            }
        });

        var clock = Stopwatch.StartNew();
        await using var body = File.OpenRead(file);
        using var content = new StreamContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var response = await client.PostAsync(dryRun ? "/api/v1/imports/milestones?dryRun=true" : "/api/v1/imports/milestones", content);
        var answer = await response.Content.ReadAsStringAsync();
        var seconds = clock.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        var peak = Math.Max(Status(pid, "VmHWM"), sampled);
        var summary = response.IsSuccessStatusCode ? Summary(answer) : $"{(int)response.StatusCode}: {answer[..Math.Min(answer.Length, 300)]}";
        return string.Create(CultureInfo.InvariantCulture,
            $"| {label} | {(int)response.StatusCode} | {seconds:F1} | {before / 1024} | {peak / 1024} | {summary} |");
    }

    private static string Summary(string json)
    {
        var result = JsonDocument.Parse(json).RootElement;
        int Get(string name) => result.GetProperty(name).GetInt32();
        return $"{Get("rows")} rows: {Get("companiesCreated")} companies, {Get("achievementsCreated")} added, {Get("achievementsUpdated")} updated, {Get("unchanged")} unchanged";
    }

    /// <summary>A size line of /proc/PID/status, in KiB.</summary>
    private static long Status(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
