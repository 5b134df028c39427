using System.Globalization;
using System.Text;
using System.Text.Json;
using ImpactOS.Bench;
using Npgsql;

// bench generate --connection CS --scale full|quick --world FILE
// bench run --base-url URL --connection CS --world FILE --clients 16 --seconds 20 --out DIR [--scale quick] [--scenarios a,b]
// bench import-file --out FILE --mb 50
// bench import-memory --base-url URL --user EMAIL --password PW --pid PID --file FILE --label TEXT [--dry-run true]
// bench calendar-import --base-url URL --user EMAIL --password PW --file FILE [--occurrences 10000]
var arguments = args.Skip(1).Chunk(2).Where(p => p.Length == 2).ToDictionary(p => p[0].TrimStart('-'), p => p[1]);
string Arg(string name, string? fallback = null) => arguments.GetValueOrDefault(name) ?? fallback ?? throw new ArgumentException($"--{name} is required");
var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true };

switch (args.FirstOrDefault())
{
    case "generate":
    {
        var world = await new Generator(Arg("connection"), Scale.Parse(Arg("scale", "quick"))).GenerateAsync();
        await File.WriteAllTextAsync(Arg("world"), JsonSerializer.Serialize(world, json));
        return 0;
    }

    case "run":
    {
        var world = JsonSerializer.Deserialize<World>(await File.ReadAllTextAsync(Arg("world")), json)!;
        await using var dataSource = NpgsqlDataSource.Create(Arg("connection"));
        // --scenarios: only the scenarios whose names start with one of these (comma-separated);
        // a partial run is printed, never written over the results files.
        var only = arguments.GetValueOrDefault("scenarios") is { Length: > 0 } filter ? filter : null;
        var driver = new Driver(new Uri(Arg("base-url")), dataSource, world, int.Parse(Arg("clients", "16"), CultureInfo.InvariantCulture), TimeSpan.FromSeconds(double.Parse(Arg("seconds", "20"), CultureInfo.InvariantCulture)), only);
        var (results, growth, notes) = await driver.RunAsync();
        if (only is not null)
        {
            Console.WriteLine($"Only the scenarios starting with: {only} (nothing written to the results files).");
            Console.WriteLine(Report.Markdown(results, growth, notes, Arg("scale", "full"), Arg("clients", "16"), Arg("seconds", "20")));
            return 0;
        }

        var output = Arg("out");
        Directory.CreateDirectory(output);
        var quick = arguments.GetValueOrDefault("scale") == "quick";
        await File.WriteAllTextAsync(Path.Combine(output, quick ? "quick.md" : "latest.md"), Report.Markdown(results, growth, notes, Arg("scale", "full"), Arg("clients", "16"), Arg("seconds", "20")));
        if (quick)
        {
            await File.WriteAllTextAsync(Path.Combine(output, "quick.json"), Report.Json(results));
        }

        Console.WriteLine(Report.Markdown(results, growth, notes, Arg("scale", "full"), Arg("clients", "16"), Arg("seconds", "20")));
        return 0;
    }

    case "hit":
    {
        // One endpoint under load, for working on it: bench hit --base-url URL --user EMAIL --path /api/v1/… [--clients 16] [--seconds 5] [--cookie true]
        // [--pid PID] (the app's working set after the run) [--mark-undo true] (PUT achieved, then DELETE, in turn;
        // --path is the milestone's route and may hold {company}, taken in turn from --companies ID,ID,… one per client;
        // with --rotate true each client's next mark moves on to a company no client has used yet, as the benchmark's mark-undo does).
        // The app's Server-Timing headers, when it sends them, are summed up per method.
        var baseUrl = new Uri(Arg("base-url"));
        var cookie = arguments.GetValueOrDefault("cookie") == "true";
        var markUndo = arguments.GetValueOrDefault("mark-undo") == "true";
        var count = int.Parse(Arg("clients", "16"), CultureInfo.InvariantCulture);
        var clients = new HttpClient[count];
        var token = cookie ? "" : await Load.TokenAsync(baseUrl, Arg("user"), Arg("password", Generator.Password));
        for (var c = 0; c < count; c++)
        {
            clients[c] = cookie ? await Load.CookieClientAsync(baseUrl, Arg("user"), Arg("password", Generator.Password)) : Load.Client(baseUrl);
            if (!cookie)
            {
                clients[c].DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            }
        }

        var companies = Arg("companies", "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var paths = Enumerable.Range(0, count).Select(c => companies.Length == 0 ? Arg("path") : Arg("path").Replace("{company}", companies[c % companies.Length], StringComparison.Ordinal)).ToArray();
        var marked = new bool[count];
        var breakdown = new Breakdown();
        var rotate = arguments.GetValueOrDefault("rotate") == "true";
        var used = count - 1;
        var m = await Load.RunAsync(Arg("path"), count, TimeSpan.FromSeconds(double.Parse(Arg("seconds", "5"), CultureInfo.InvariantCulture)), c =>
        {
            if (rotate && markUndo && !marked[c] && companies.Length > 0)
            {
                paths[c] = Arg("path").Replace("{company}", companies[Interlocked.Increment(ref used) % companies.Length], StringComparison.Ordinal);
            }

            return Breakdown.SendAsync(clients[c], paths[c], markUndo, marked, c, breakdown);
        });
        if (markUndo)
        {
            // Leave the world as it was: every client's milestone undone.
            for (var c = 0; c < count; c++)
            {
                if (marked[c])
                {
                    await Load.ExpectAsync(await clients[c].DeleteAsync(paths[c]), "undo");
                }
            }
        }

        Console.WriteLine($"{m.Name}: p50 {m.P50Ms} p95 {m.P95Ms} p99 {m.P99Ms} ms, {m.Rps} req/s ({m.Requests})");
        Console.WriteLine();
        Console.WriteLine(breakdown.Table(m.Requests));
        if (arguments.TryGetValue("pid", out var pid))
        {
            Console.WriteLine("App: " + Breakdown.Memory(int.Parse(pid, CultureInfo.InvariantCulture)));
        }

        return 0;
    }

    case "import-file":
    {
        var (rows, companies) = ImportFile.Write(Arg("out"), long.Parse(Arg("mb", "50"), CultureInfo.InvariantCulture) * 1024 * 1024);
        Console.WriteLine($"{new FileInfo(Arg("out")).Length / 1024.0 / 1024:F1} MiB, {rows} rows, {companies} companies");
        return 0;
    }

    case "import-memory":
    {
        Console.WriteLine(await ImportMemory.MeasureAsync(new Uri(Arg("base-url")), Arg("user"), Arg("password"),
            int.Parse(Arg("pid"), CultureInfo.InvariantCulture), Arg("file"), Arg("label"), Arg("dry-run", "false") == "true"));
        return 0;
    }

    case "calendar-import":
    {
        var baseUrl = new Uri(Arg("base-url"));
        using var client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(30) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await Load.TokenAsync(baseUrl, Arg("user"), Arg("password")));
        var names = await CalendarBench.PrepareAsync(client);
        var (events, occurrences) = CalendarBench.WriteFile(Arg("file"), int.Parse(Arg("occurrences", "10000"), CultureInfo.InvariantCulture), names, DateTime.UtcNow);
        Console.WriteLine($"FILE {events} events, {occurrences} occurrences, {new FileInfo(Arg("file")).Length / 1024.0 / 1024:F1} MiB");
        Console.WriteLine(CalendarBench.TimeRead(Arg("file")));
        Console.WriteLine(await CalendarBench.PostAsync(client, Arg("file"), "dry run (preview)", dryRun: true));
        Console.WriteLine(await CalendarBench.PostAsync(client, Arg("file"), "import", dryRun: false));
        Console.WriteLine(await CalendarBench.PostAsync(client, Arg("file"), "same file again", dryRun: false));
        return 0;
    }

    default:
        Console.Error.WriteLine("usage: bench generate --connection CS --scale full|quick --world FILE | bench run --base-url URL --connection CS --world FILE [--clients 16] [--seconds 20] --out DIR [--scale quick] [--scenarios a,b] | bench import-file --out FILE [--mb 50] | bench import-memory --base-url URL --user EMAIL --password PW --pid PID --file FILE --label TEXT [--dry-run true]");
        return 2;
}

/// <summary>The results as bench/results/*.md and quick.json.</summary>
internal static class Report
{
    private static readonly string[] Names =
    [
        "profile", "timeline-deep", "mark-undo", "track-velocity-cold", "track-velocity-warm", "portfolio", "signed-in-minimum", "attribution", "program-lift",
        "program-effects-any-cold", "program-effects-any-warm", "program-effects-program-cold", "program-effects-program-warm",
        "network-velocity-cold", "network-velocity-warm", "company-velocity",
    ];

    private static readonly Dictionary<string, string> Goals = new()
    {
        ["profile"] = "p95 ≤ 25 ms",
        ["timeline-deep"] = "p95 ≤ 10 ms",
        ["mark-undo"] = "≥ 800 req/s, p95 ≤ 20 ms",
        ["track-velocity-cold"] = "≤ 150 ms",
        ["track-velocity-warm"] = "≤ 5 ms",
        ["portfolio"] = "p95 ≤ 40 ms",
        ["attribution"] = "≤ 200 ms",
        ["program-lift"] = "≤ 200 ms",
        ["attribution-after-write"] = "≤ 200 ms",
        ["program-lift-after-write"] = "≤ 200 ms",
        ["program-effects-any-cold"] = "≤ 2 s",
        ["program-effects-program-cold"] = "≤ 2 s",
        ["program-effects-any-warm"] = "from memory (≤ 5 ms)",
        ["program-effects-program-warm"] = "from memory (≤ 5 ms)",
        ["program-effects-any-reload"] = "≤ 2 s",
        ["program-effects-program-reload"] = "≤ 2 s",
        ["network-velocity-warm"] = "from memory (≤ 5 ms)",
        ["company-velocity"] = "≤ 5 ms",
        ["company-velocity-network"] = "≤ 5 ms",
    };

    private static bool? Met(Measurement m) => m.Name switch
    {
        "profile" => m.P95Ms <= 25,
        "timeline-deep" => m.P95Ms <= 10,
        "mark-undo" => m.Rps >= 800 && m.P95Ms <= 20,
        "track-velocity-cold" => m.P95Ms <= 150,
        "track-velocity-warm" => m.P95Ms <= 5,
        "portfolio" => m.P95Ms <= 40,
        "attribution" or "program-lift" or "attribution-after-write" or "program-lift-after-write" => m.P95Ms <= 200,
        "program-effects-any-cold" or "program-effects-program-cold" or "program-effects-any-reload" or "program-effects-program-reload" => m.P95Ms <= 2000,
        "program-effects-any-warm" or "program-effects-program-warm" or "network-velocity-warm" or "company-velocity" or "company-velocity-network" => m.P95Ms <= 5,
        _ => null,
    };

    public static string Markdown(List<Measurement> results, List<string> growth, List<string> notes, string scale, string clients, string seconds)
    {
        var cpu = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() : null;
        var memory = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").First().Split(':')[1].Trim() : "?";
        var commit = Environment.GetEnvironmentVariable("BENCH_COMMIT") ?? "?";
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Benchmark results ({scale} scale)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC · commit {commit}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {Environment.ProcessorCount} cores ({cpu}), {memory} memory; app, PostgreSQL 15 and the load driver on the same machine");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Load: {clients} concurrent clients for {seconds} s per scenario after a warm-up (cold velocity, the reports, cold program effects and network: one client, requests in turn; with a handful of samples p95 and p99 are the maximum)");
        text.AppendLine();
        text.AppendLine("| scenario | p50 ms | p95 ms | p99 ms | req/s | requests | SQL floor p50 ms | ratio | goal | met |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
        foreach (var m in results)
        {
            var met = Met(m) switch { true => "yes", false => "no", _ => "" };
            text.AppendLine(CultureInfo.InvariantCulture, $"| {m.Name}{(m.Note.Length > 0 ? $" ({m.Note})" : "")} | {m.P50Ms} | {m.P95Ms} | {m.P99Ms} | {m.Rps} | {m.Requests} | {m.FloorMs} | {m.RatioToFloor} | {Goals.GetValueOrDefault(m.Name)} | {met} |");
        }

        text.AppendLine();
        text.AppendLine("Growth:");
        foreach (var line in growth)
        {
            text.AppendLine("- " + line);
        }

        foreach (var line in notes)
        {
            text.AppendLine("- " + line);
        }

        return text.ToString();
    }

    public static string Json(List<Measurement> results) => JsonSerializer.Serialize(new
    {
        results = Names.Select(name => results.FirstOrDefault(r => r.Name == name) is { } m
            ? new { name, p50Ms = m.P50Ms, p95Ms = m.P95Ms, p99Ms = m.P99Ms, rps = m.Rps, floorMs = m.FloorMs, ratioToFloor = m.RatioToFloor }
            : new { name, p50Ms = (double?)null, p95Ms = (double?)null, p99Ms = (double?)null, rps = (double?)null, floorMs = (double?)null, ratioToFloor = (double?)null }),
    }, new JsonSerializerOptions { WriteIndented = true });
}
