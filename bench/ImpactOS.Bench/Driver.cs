using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ImpactOS.Web.Features.Tracks;
using Npgsql;

namespace ImpactOS.Bench;

/// <summary>The measured scenarios of the quality bar, against a running app over the generated world.</summary>
public sealed class Driver(Uri baseAddress, NpgsqlDataSource dataSource, World world, int clients, TimeSpan duration)
{
    private static readonly Guid SaaS = SystemStandards.SaaS;
    private static readonly Guid LastSaaSStep = SystemStandards.MilestoneId(SystemStandards.SaaS, 11);

    public async Task<(List<Measurement> Results, List<string> Growth, List<string> Notes)> RunAsync()
    {
        var results = new List<Measurement>();
        var growth = new List<string>();
        var notes = new List<string>();
        var token = await Load.TokenAsync(baseAddress, world.LargeCoach, world.Password);
        var api = Enumerable.Range(0, clients).Select(_ => Bearer(token)).ToArray();
        var floors = new Floors(dataSource, world.LargeTenant);

        // Company profile page (roadmap + first 50 timeline entries) of the 50,000-entry company.
        var pages = new HttpClient[clients];
        for (var c = 0; c < clients; c++)
        {
            pages[c] = await Load.CookieClientAsync(baseAddress, world.LargeCoach, world.Password);
        }

        // A server in service is warm: every read path once under load before anything is measured
        // (JIT tiering, prepared statements, pools).
        await Load.RunAsync("warm-up", clients, TimeSpan.FromSeconds(15), async c =>
            await Load.ExpectAsync(await ((c % 4) switch
            {
                0 => pages[c].GetAsync($"/Companies/{world.DeepCompany}"),
                1 => pages[c].GetAsync("/"),
                2 => api[c].GetAsync($"/api/v1/companies/{world.DeepCompany}/timeline?limit=50"),
                _ => api[c].GetAsync("/api/v1/reports/attribution"),
            }), "warm-up"), warmup: TimeSpan.Zero);

        var profile = await Load.RunAsync("profile", clients, duration, async c => await Load.ExpectAsync(await pages[c].GetAsync($"/Companies/{world.DeepCompany}"), "profile"));
        results.Add(profile with { FloorMs = (await Load.RunAsync("floor", clients, duration / 2, _ => floors.ProfileAsync(world.DeepCompany))).P50Ms });

        // A timeline page deep in history: the cursor at entry 40,000 (four fifths of the way down).
        var (cursor, at, id) = await CursorAtAsync(api[0], world.DeepCompany, world.DeepCursorAt);
        var deep = await Load.RunAsync("timeline-deep", clients, duration, async c =>
            await Load.ExpectAsync(await api[c].GetAsync($"/api/v1/companies/{world.DeepCompany}/timeline?limit=50&cursor={cursor}"), "timeline"));
        results.Add(deep with { FloorMs = (await Load.RunAsync("floor", clients, duration / 2, _ => floors.TimelineAsync(world.DeepCompany, at, id))).P50Ms });

        // Growth: the first timeline page of a ~100-entry company against the 50,000-entry one.
        var firstDeep = await Load.RunAsync("timeline-first-deep", clients, duration / 2, async c => await Load.ExpectAsync(await api[c].GetAsync($"/api/v1/companies/{world.DeepCompany}/timeline?limit=50"), "timeline"));
        var firstShallow = await Load.RunAsync("timeline-first-shallow", clients, duration / 2, async c => await Load.ExpectAsync(await api[c].GetAsync($"/api/v1/companies/{world.ShallowCompany}/timeline?limit=50"), "timeline"));
        growth.Add($"Timeline first page, p50: {firstShallow.P50Ms} ms at ~100 entries, {firstDeep.P50Ms} ms at {world.DeepCursorAt * 5 / 4:N0} entries (ratio {Math.Round((firstDeep.P50Ms ?? 0) / (firstShallow.P50Ms ?? 1), 2)}; goal ≤ 1.3).");

        // Mark and undo, on many companies, from every client; then check nothing was lost.
        results.Add(await MarkUndoAsync(api, notes));

        // Track velocity, cold (right after a write to the track) and warm, at 1k / 10k / 20k companies.
        foreach (var (coach, tenant, companies) in world.Growth)
        {
            var growthToken = await Load.TokenAsync(baseAddress, coach, world.Password);
            using var client = Bearer(growthToken);
            var cold = await ColdVelocityAsync(client, tenant, companies);
            growth.Add($"Track velocity, cold, {companies:N0} companies: p50 {cold.P50Ms} ms, max {cold.P99Ms} ms.");
            if (companies == world.Growth.Max(g => g.Companies))
            {
                var growthFloors = new Floors(dataSource, tenant);
                results.Add(cold with { FloorMs = (await Load.RunAsync("floor", 1, duration / 2, _ => growthFloors.TrackVelocityAsync(SaaS))).P50Ms });
                var warmClients = Enumerable.Range(0, clients).Select(_ => Bearer(growthToken)).ToArray();
                var warm = await Load.RunAsync("track-velocity-warm", clients, duration, async c => await Load.ExpectAsync(await warmClients[c].GetAsync($"/api/v1/tracks/{SaaS}/velocity"), "velocity"));
                results.Add(warm with { FloorMs = results[^1].FloorMs, Note = $"{companies:N0} companies" });
            }
        }

        // The portfolio page: a velocity chip for every company of the first page.
        var portfolio = await Load.RunAsync("portfolio", clients, duration, async c => await Load.ExpectAsync(await pages[c].GetAsync("/"), "portfolio"));
        results.Add(portfolio with { FloorMs = (await Load.RunAsync("floor", clients, duration / 2, _ => floors.PortfolioAsync())).P50Ms });

        // Attribution and program lift over the whole large tenant, one request at a time.
        var reportFloor = (await Load.RunAsync("floor", 1, duration / 2, _ => floors.ReportsAsync())).P50Ms;
        var attribution = await Load.RunAsync("attribution", 1, duration, async _ => await Load.ExpectAsync(await api[0].GetAsync("/api/v1/reports/attribution"), "attribution"));
        results.Add(attribution with { FloorMs = reportFloor });
        var lift = await Load.RunAsync("program-lift", 1, duration, async _ => await Load.ExpectAsync(await api[0].GetAsync("/api/v1/reports/program-lift"), "lift"));
        results.Add(lift with { FloorMs = reportFloor });

        // The same reports right after a write (a mark and an undo), when their inputs are read again.
        foreach (var report in new[] { "attribution", "program-lift" })
        {
            var cold = await AfterWriteAsync(api[0], world.LargeTenant, $"/api/v1/reports/{report}", report + "-after-write", "");
            results.Add(cold with { FloorMs = reportFloor });
        }

        // Program effects over the large tenant (20,000 companies, ~1,000,000 meetings and calls):
        // cold (the inputs read in full and both models fitted), warm (from memory), and after a
        // write (the changed company read again, the model fitted again).
        foreach (var by in new[] { "any", "program" })
        {
            var path = $"/api/v1/reports/program-effects?by={by}";
            var cold = await ColdEffectsAsync(api[0], path, $"program-effects-{by}-cold");
            results.Add(cold);
            var warm = await Load.RunAsync($"program-effects-{by}-warm", clients, duration, async c => await Load.ExpectAsync(await api[c].GetAsync(path), "effects"));
            results.Add(warm);
            results.Add(await AfterWriteAsync(api[0], world.LargeTenant, path, $"program-effects-{by}-after-write", ""));
        }

        foreach (var client in api.Concat(pages))
        {
            client.Dispose();
        }

        return (results, growth, notes);
    }

    private HttpClient Bearer(string token)
    {
        var client = Load.Client(baseAddress);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Pages through the timeline to the given depth and returns that position's cursor.</summary>
    private static async Task<(string Cursor, DateTime At, Guid Id)> CursorAtAsync(HttpClient client, Guid company, int depth)
    {
        string? cursor = null;
        JsonElement last = default;
        for (var seen = 0; seen < depth;)
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/companies/{company}/timeline?limit=200" + (cursor is null ? "" : "&cursor=" + cursor));
            var items = page.GetProperty("items");
            seen += items.GetArrayLength();
            last = items[items.GetArrayLength() - 1];
            cursor = page.GetProperty("nextCursor").GetString() ?? throw new InvalidOperationException($"The timeline ended before entry {depth}.");
        }

        return (cursor!, last.GetProperty("occurredAt").GetDateTime().ToUniversalTime(), last.GetProperty("refId").GetGuid());
    }

    /// <summary>PUT then DELETE of the last SaaS milestone on many companies, then a count of the
    /// history rows the acknowledged requests must have left.</summary>
    private async Task<Measurement> MarkUndoAsync(HttpClient[] api, List<string> notes)
    {
        var companies = new List<Guid>();
        await using (var command = dataSource.CreateCommand("SELECT id FROM companies c WHERE tenant_id = @t AND milestone_track_id = @s AND NOT EXISTS (SELECT 1 FROM company_milestones m WHERE m.company_id = c.id AND m.milestone_id = @m) ORDER BY id LIMIT 2000"))
        {
            command.Parameters.AddWithValue("t", world.LargeTenant);
            command.Parameters.AddWithValue("s", SaaS);
            command.Parameters.AddWithValue("m", LastSaaSStep);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                companies.Add(reader.GetGuid(0));
            }
        }

        var started = DateTime.UtcNow.AddSeconds(-1);
        long marks = 0, undos = 0;
        var next = -1;
        var mine = new ConcurrentDictionary<int, Guid>();
        var measurement = await Load.RunAsync("mark-undo", api.Length, duration, async c =>
        {
            // Each client alternates on its own company: mark, then undo.
            if (!mine.TryRemove(c, out var company))
            {
                company = companies[(int)((uint)Interlocked.Increment(ref next) % (uint)companies.Count)];
                var response = await api[c].PutAsJsonAsync($"/api/v1/companies/{company}/milestones/{LastSaaSStep}", new { status = "achieved" });
                await Load.ExpectAsync(response, "mark");
                Interlocked.Increment(ref marks);
                mine[c] = company;
            }
            else
            {
                await Load.ExpectAsync(await api[c].DeleteAsync($"/api/v1/companies/{company}/milestones/{LastSaaSStep}"), "undo");
                Interlocked.Increment(ref undos);
            }
        }, warmup: TimeSpan.Zero);

        // Companies still marked are undone, so the world is as it was.
        foreach (var (c, company) in mine)
        {
            await Load.ExpectAsync(await api[c].DeleteAsync($"/api/v1/companies/{company}/milestones/{LastSaaSStep}"), "undo");
            undos++;
        }

        await using var check = dataSource.CreateCommand("SELECT action, count(*) FROM company_milestone_events WHERE tenant_id = @t AND milestone_id = @m AND at >= @since GROUP BY action");
        check.Parameters.AddWithValue("t", world.LargeTenant);
        check.Parameters.AddWithValue("m", LastSaaSStep);
        check.Parameters.AddWithValue("since", started);
        var counts = new Dictionary<string, long>();
        await using (var reader = await check.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                counts[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        var lost = marks != counts.GetValueOrDefault("achieved") || undos != counts.GetValueOrDefault("undone");
        notes.Add($"mark-undo: {marks:N0} acknowledged marks and {undos:N0} undos; history holds {counts.GetValueOrDefault("achieved"):N0} achieved and {counts.GetValueOrDefault("undone"):N0} undone entries: {(lost ? "MISMATCH" : "nothing lost")}.");
        return measurement with { Note = lost ? "history mismatch" : "nothing lost" };
    }

    /// <summary>Ten timed reads of <paramref name="path"/>, each right after an untimed mark and
    /// undo on a SaaS company of <paramref name="tenant"/> (so whatever the read is computed from
    /// must be brought up to date first).</summary>
    private async Task<Measurement> AfterWriteAsync(HttpClient client, Guid tenant, string path, string name, string note)
    {
        Guid company;
        await using (var command = dataSource.CreateCommand("SELECT id FROM companies c WHERE tenant_id = @t AND milestone_track_id = @s AND NOT EXISTS (SELECT 1 FROM company_milestones m WHERE m.company_id = c.id AND m.milestone_id = @m AND m.status = 'achieved') ORDER BY id DESC LIMIT 1"))
        {
            command.Parameters.AddWithValue("t", tenant);
            command.Parameters.AddWithValue("s", SaaS);
            command.Parameters.AddWithValue("m", LastSaaSStep);
            company = (Guid)(await command.ExecuteScalarAsync())!;
        }

        var samples = new List<double>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 12; i++)
        {
            await Load.ExpectAsync(await client.PutAsJsonAsync($"/api/v1/companies/{company}/milestones/{LastSaaSStep}", new { status = "achieved" }), "mark");
            await Load.ExpectAsync(await client.DeleteAsync($"/api/v1/companies/{company}/milestones/{LastSaaSStep}"), "undo");
            var start = Stopwatch.GetTimestamp();
            await Load.ExpectAsync(await client.GetAsync(path), name);
            if (i > 1)
            {
                samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        return Load.Summarize(name, [.. samples], clock.Elapsed.TotalSeconds, note);
    }

    /// <summary>The first read of program effects after the app's caches were emptied (the
    /// benchmark build's cache-clearing header is not available, so each sample waits out the
    /// cache's maximum age instead: three samples).</summary>
    private async Task<Measurement> ColdEffectsAsync(HttpClient client, string path, string name)
    {
        var samples = new List<double>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 3; i++)
        {
            if (i > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(61)); // past AnalyticsCache.MaxAge: the next read loads in full
            }

            var start = Stopwatch.GetTimestamp();
            await Load.ExpectAsync(await client.GetAsync(path + $"&asOf=2026-11-01T00:00:0{i}Z"), name);
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return Load.Summarize(name, [.. samples], clock.Elapsed.TotalSeconds, "inputs loaded in full and fitted");
    }

    /// <summary>Track velocity right after a write to the track.</summary>
    private Task<Measurement> ColdVelocityAsync(HttpClient client, Guid tenant, int companies) =>
        AfterWriteAsync(client, tenant, $"/api/v1/tracks/{SaaS}/velocity", "track-velocity-cold", $"{companies:N0} companies");
}
