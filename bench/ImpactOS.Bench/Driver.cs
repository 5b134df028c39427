using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ImpactOS.Web.Auth;
using ImpactOS.Web.Features.Tracks;
using Npgsql;

namespace ImpactOS.Bench;

/// <summary>The measured scenarios of the quality bar, against a running app over the generated world.</summary>
/// <remarks>With <paramref name="only"/> (comma-separated), only the scenarios whose name starts
/// with one of its entries run (e.g. "network,program-effects-any"); the warm-up always runs.</remarks>
public sealed class Driver(Uri baseAddress, NpgsqlDataSource dataSource, World world, int clients, TimeSpan duration, string? only = null)
{
    private static readonly Guid SaaS = SystemStandards.SaaS;
    private static readonly Guid LastSaaSStep = SystemStandards.MilestoneId(SystemStandards.SaaS, 11);

    /// <summary>The instant the analytics reads below are asked for (the generated world's "now"):
    /// fixed, so a warm read stays warm when the minute turns over ("now" is rounded to the minute).</summary>
    private static readonly DateTime AsOfInstant = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
    private const string AsOf = "2026-11-01T00:00:00Z";

    private readonly string[] _only = (only ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Whether a scenario is to run.</summary>
    private bool Wanted(string scenario) => _only.Length == 0 || _only.Any(o => scenario.StartsWith(o, StringComparison.Ordinal));

    /// <summary>Whether any scenario of a group (the names starting with <paramref name="prefix"/>) is to run.</summary>
    private bool AnyOf(string prefix) =>
        _only.Length == 0 || _only.Any(o => prefix.StartsWith(o, StringComparison.Ordinal) || o.StartsWith(prefix, StringComparison.Ordinal));

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

        if (Wanted("profile"))
        {
            var profile = await Load.RunAsync("profile", clients, duration, async c => await Load.ExpectAsync(await pages[c].GetAsync($"/Companies/{world.DeepCompany}"), "profile"));
            results.Add(profile with { FloorMs = (await Load.RunAsync("floor", clients, duration / 2, _ => floors.ProfileAsync(world.DeepCompany))).P50Ms });
        }

        // A timeline page deep in history: the cursor at entry 40,000 (four fifths of the way down).
        if (Wanted("timeline-deep"))
        {
            var (cursor, at, id) = await CursorAtAsync(api[0], world.DeepCompany, world.DeepCursorAt);
            var deep = await Load.RunAsync("timeline-deep", clients, duration, async c =>
                await Load.ExpectAsync(await api[c].GetAsync($"/api/v1/companies/{world.DeepCompany}/timeline?limit=50&cursor={cursor}"), "timeline"));
            results.Add(deep with { FloorMs = (await Load.RunAsync("floor", clients, duration / 2, _ => floors.TimelineAsync(world.DeepCompany, at, id))).P50Ms });
        }

        // Growth: the first timeline page of a ~100-entry company against the 50,000-entry one.
        if (Wanted("timeline-first"))
        {
            var firstDeep = await Load.RunAsync("timeline-first-deep", clients, duration / 2, async c => await Load.ExpectAsync(await api[c].GetAsync($"/api/v1/companies/{world.DeepCompany}/timeline?limit=50"), "timeline"));
            var firstShallow = await Load.RunAsync("timeline-first-shallow", clients, duration / 2, async c => await Load.ExpectAsync(await api[c].GetAsync($"/api/v1/companies/{world.ShallowCompany}/timeline?limit=50"), "timeline"));
            growth.Add($"Timeline first page, p50: {firstShallow.P50Ms} ms at ~100 entries, {firstDeep.P50Ms} ms at {world.DeepCursorAt * 5 / 4:N0} entries (ratio {Math.Round((firstDeep.P50Ms ?? 0) / (firstShallow.P50Ms ?? 1), 2)}; goal ≤ 1.3).");
        }

        // Mark and undo, on many companies, from every client; then check nothing was lost.
        if (Wanted("mark-undo"))
        {
            results.Add(await MarkUndoAsync(api, notes));
        }

        // Track velocity, cold (right after a write to the track) and warm, at 1k / 10k / 20k companies.
        foreach (var (coach, tenant, companies) in AnyOf("track-velocity") ? world.Growth : [])
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
        if (Wanted("portfolio"))
        {
            var portfolio = await Load.RunAsync("portfolio", clients, duration, async c => await Load.ExpectAsync(await pages[c].GetAsync("/"), "portfolio"));
            results.Add(portfolio with { FloorMs = (await Load.RunAsync("floor", clients, duration / 2, _ => floors.PortfolioAsync())).P50Ms });
        }

        // The least a signed-in request costs on this machine, before any work of its own: the
        // bearer token, the session check, the caller's account (GET /api/v1/me). Every read above
        // pays it; set against their floors, it says how near to them an endpoint can come.
        if (Wanted("signed-in-minimum"))
        {
            var minimum = await Load.RunAsync("signed-in-minimum", clients, duration, async c => await Load.ExpectAsync(await api[c].GetAsync("/api/v1/me"), "me"));
            results.Add(minimum with { Note = "GET /api/v1/me" });
        }

        // Attribution and program lift over the whole large tenant, one request at a time.
        if (AnyOf("attribution") || AnyOf("program-lift"))
        {
            var reportFloor = (await Load.RunAsync("floor", 1, duration / 2, _ => floors.ReportsAsync())).P50Ms;
            foreach (var report in new[] { "attribution", "program-lift" }.Where(r => Wanted(r)))
            {
                var warm = await Load.RunAsync(report, 1, duration, async _ => await Load.ExpectAsync(await api[0].GetAsync($"/api/v1/reports/{report}"), report));
                results.Add(warm with { FloorMs = reportFloor });
            }

            // The same reports right after a write (a mark and an undo), when their inputs are read again.
            foreach (var report in new[] { "attribution", "program-lift" }.Where(r => Wanted(r + "-after-write")))
            {
                var cold = await AfterWriteAsync(api[0], world.LargeTenant, $"/api/v1/reports/{report}", report + "-after-write", "");
                results.Add(cold with { FloorMs = reportFloor });
            }
        }

        // Program effects over the large tenant (20,000 companies, ~1,000,000 meetings and calls), as
        // of a fixed instant (so a minute turning over never refits a warm read): cold (right after a
        // mark and an undo, the one company patched into the inputs and the model fitted again),
        // warm (from memory), and reloaded (right after a company edit, every input read again).
        if (AnyOf("program-effects"))
        {
            var effectsFloor = (await Load.RunAsync("floor", 1, duration / 2, _ => floors.EffectsAsync())).P50Ms;
            foreach (var by in new[] { "any", "program" }.Where(b => AnyOf($"program-effects-{b}")))
            {
                var path = $"/api/v1/reports/program-effects?by={by}&asOf={AsOf}";
                await Load.ExpectAsync(await api[0].GetAsync(path), "effects");
                if (Wanted($"program-effects-{by}-cold"))
                {
                    var cold = await AfterWriteAsync(api[0], world.LargeTenant, path, $"program-effects-{by}-cold", "after a write", samples: 5, discarded: 1);
                    results.Add(cold with { FloorMs = effectsFloor });
                    notes.Add($"program-effects-{by}-cold: {cold.Requests} fits in turn, each right after a mark and an undo: p50 {cold.P50Ms} ms, max {cold.P99Ms} ms.");
                }

                if (Wanted($"program-effects-{by}-warm"))
                {
                    var warm = await Load.RunAsync($"program-effects-{by}-warm", clients, duration, async c => await Load.ExpectAsync(await api[c].GetAsync(path), "effects"));
                    results.Add(warm with { FloorMs = effectsFloor });
                }

                if (Wanted($"program-effects-{by}-reload"))
                {
                    var reload = await AfterCompanyEditAsync(api[0], path, $"program-effects-{by}-reload", samples: 3);
                    results.Add(reload with { FloorMs = effectsFloor });
                    notes.Add($"program-effects-{by}-reload: {reload.Requests} reads in turn, each right after a company edit (every input read again, then fitted): p50 {reload.P50Ms} ms, max {reload.P99Ms} ms.");
                }
            }
        }

        // The network cohort of a System Standard, across every contributing organization (the one
        // cross-organization read, impactos_network_steps): cold (right after a mark and an undo,
        // which reloads the network) and warm.
        if (AnyOf("network-velocity"))
        {
            var path = $"/api/v1/tracks/{SaaS}/velocity?cohort=network&asOf={AsOf}";
            var network = (await api[0].GetFromJsonAsync<JsonElement>(path)).GetProperty("network");
            if (!network.GetProperty("contributing").GetBoolean())
            {
                throw new InvalidOperationException("The large tenant does not contribute to the network: the generator should have opted it in.");
            }

            notes.Add($"network-velocity: {await ContributingAsync()} organizations contribute; the SaaS Standard's network cohort holds {network.GetProperty("companies")} companies of {network.GetProperty("organizations")} organizations, {network.GetProperty("steps").EnumerateArray().Count(s => s.GetProperty("shown").GetBoolean())} steps shown.");
            var networkFloor = (await Load.RunAsync("floor", 1, duration / 2, _ => floors.NetworkAsync(AsOfInstant))).P50Ms;
            if (Wanted("network-velocity-cold"))
            {
                var cold = await AfterWriteAsync(api[0], world.LargeTenant, path, "network-velocity-cold", "after a write", samples: 5, discarded: 1);
                results.Add(cold with { FloorMs = networkFloor });
                notes.Add($"network-velocity-cold: {cold.Requests} reads in turn, each right after a mark and an undo: p50 {cold.P50Ms} ms, max {cold.P99Ms} ms.");
            }

            if (Wanted("network-velocity-warm"))
            {
                var warm = await Load.RunAsync("network-velocity-warm", clients, duration, async c => await Load.ExpectAsync(await api[c].GetAsync(path), "network velocity"));
                results.Add(warm with { FloorMs = networkFloor });
            }
        }

        // One company's forecast (time to next milestone, chanceWithin, cohortSource), warm: a
        // company of the large tenant compared with its own track, and one of a small contributing
        // organization with too few events of its own, compared with the network's cohort.
        if (AnyOf("company-velocity"))
        {
            foreach (var (name, source) in new[] { ("company-velocity", "own"), ("company-velocity-network", "network") })
            {
                if (!Wanted(name))
                {
                    continue;
                }

                if (await CompanyWithCohortAsync(source) is not { } found)
                {
                    notes.Add($"{name}: no company is compared with the {source} cohort; not measured.");
                    continue;
                }

                var path = $"/api/v1/companies/{found.Company}/velocity?asOf={AsOf}";
                var readers = Enumerable.Range(0, clients).Select(_ => Bearer(found.Token)).ToArray();
                var companyFloors = new Floors(dataSource, found.Tenant);
                var floor = (await Load.RunAsync("floor", 1, duration / 2, _ => companyFloors.CompanyVelocityAsync(found.Track, source == "network" ? AsOfInstant : null))).P50Ms;
                var warm = await Load.RunAsync(name, clients, duration, async c => await Load.ExpectAsync(await readers[c].GetAsync(path), "company velocity"));
                results.Add(warm with { FloorMs = floor, Note = $"cohort: {source}" });
                notes.Add($"{name}: {found.Description}.");
                foreach (var reader in readers)
                {
                    reader.Dispose();
                }
            }
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
        var floor = await MarkUndoFloorAsync(api.Length);
        notes.Add($"mark-undo floor (the same writes in hand-written SQL, one statement and its fsync'd commit each, then the steps read; {api.Length} clients): p50 {floor.P50Ms} ms, {floor.Rps} req/s.");
        return measurement with { Note = lost ? "history mismatch" : "nothing lost", FloorMs = floor.P50Ms };
    }

    /// <summary>The floor of mark-undo: each client marks and undoes its own company with
    /// <see cref="Floors.MarkAsync"/> and <see cref="Floors.UndoAsync"/>, in turn, on companies
    /// without the step achieved (left as they were found: pending).</summary>
    private async Task<Measurement> MarkUndoFloorAsync(int clients)
    {
        var companies = new List<Guid>();
        await using (var command = dataSource.CreateCommand("SELECT id FROM companies c WHERE tenant_id = @t AND milestone_track_id = @s AND archived_at IS NULL AND NOT EXISTS (SELECT 1 FROM company_milestones m WHERE m.company_id = c.id AND m.milestone_id = @m AND m.status = 'achieved') ORDER BY id DESC LIMIT @n"))
        {
            command.Parameters.AddWithValue("t", world.LargeTenant);
            command.Parameters.AddWithValue("s", SaaS);
            command.Parameters.AddWithValue("m", LastSaaSStep);
            command.Parameters.AddWithValue("n", clients);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                companies.Add(reader.GetGuid(0));
            }
        }

        await using var coachQuery = dataSource.CreateCommand("SELECT id FROM users WHERE tenant_id = @t AND role = 'coach' ORDER BY id LIMIT 1");
        coachQuery.Parameters.AddWithValue("t", world.LargeTenant);
        var coach = (Guid)(await coachQuery.ExecuteScalarAsync())!;
        var floors = new Floors(dataSource, world.LargeTenant);
        var marked = new bool[clients];
        var measurement = await Load.RunAsync("floor", clients, duration / 2, async c =>
        {
            var company = companies[c % companies.Count];
            await (marked[c] ? floors.UndoAsync(company, LastSaaSStep, coach) : floors.MarkAsync(company, LastSaaSStep, coach));
            marked[c] = !marked[c];
        }, warmup: TimeSpan.Zero);
        for (var c = 0; c < clients; c++)
        {
            if (marked[c])
            {
                await floors.UndoAsync(companies[c % companies.Count], LastSaaSStep, coach);
            }
        }

        return measurement;
    }

    /// <summary>Timed reads of <paramref name="path"/> (ten unless told; the first
    /// <paramref name="discarded"/> not kept), each right after an untimed mark and undo on a SaaS
    /// company of <paramref name="tenant"/> (so whatever the read is computed from must be brought
    /// up to date first).</summary>
    private async Task<Measurement> AfterWriteAsync(HttpClient client, Guid tenant, string path, string name, string note, int samples = 10, int discarded = 2)
    {
        Guid company;
        await using (var command = dataSource.CreateCommand("SELECT id FROM companies c WHERE tenant_id = @t AND milestone_track_id = @s AND NOT EXISTS (SELECT 1 FROM company_milestones m WHERE m.company_id = c.id AND m.milestone_id = @m AND m.status = 'achieved') ORDER BY id DESC LIMIT 1"))
        {
            command.Parameters.AddWithValue("t", tenant);
            command.Parameters.AddWithValue("s", SaaS);
            command.Parameters.AddWithValue("m", LastSaaSStep);
            company = (Guid)(await command.ExecuteScalarAsync())!;
        }

        var kept = new List<double>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < samples + discarded; i++)
        {
            await Load.ExpectAsync(await client.PutAsJsonAsync($"/api/v1/companies/{company}/milestones/{LastSaaSStep}", new { status = "achieved" }), "mark");
            await Load.ExpectAsync(await client.DeleteAsync($"/api/v1/companies/{company}/milestones/{LastSaaSStep}"), "undo");
            var start = Stopwatch.GetTimestamp();
            await Load.ExpectAsync(await client.GetAsync(path), name);
            if (i >= discarded)
            {
                kept.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        return Load.Summarize(name, [.. kept], clock.Elapsed.TotalSeconds, note);
    }

    /// <summary>Timed reads of <paramref name="path"/>, each right after an untimed company edit
    /// (its name changed and changed back, through the API): a change to a company reloads the
    /// tenant's analytics inputs in full, so each read loads them from the database again. One
    /// more read first, not kept.</summary>
    private async Task<Measurement> AfterCompanyEditAsync(HttpClient client, string path, string name, int samples)
    {
        Guid company;
        await using (var command = dataSource.CreateCommand("SELECT id FROM companies WHERE tenant_id = @t AND archived_at IS NULL ORDER BY id DESC OFFSET 10 LIMIT 1"))
        {
            command.Parameters.AddWithValue("t", world.LargeTenant);
            company = (Guid)(await command.ExecuteScalarAsync())!;
        }

        async Task RenameAsync(Func<string, string> rename)
        {
            var current = await client.GetFromJsonAsync<JsonElement>($"/api/v1/companies/{company}");
            var response = await client.PutAsJsonAsync($"/api/v1/companies/{company}", new
            {
                name = rename(current.GetProperty("name").GetString()!),
                industry = current.GetProperty("industry").GetString(),
                foundedOn = current.GetProperty("foundedOn").ValueKind == JsonValueKind.Null ? null : current.GetProperty("foundedOn").GetString(),
                milestoneTrackId = current.GetProperty("milestoneTrackId").GetGuid(),
                coachUserId = current.GetProperty("coachUserId").ValueKind == JsonValueKind.Null ? (Guid?)null : current.GetProperty("coachUserId").GetGuid(),
                version = current.GetProperty("version").GetInt32(),
            });
            await Load.ExpectAsync(response, "company edit");
        }

        var kept = new List<double>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < samples + 1; i++)
        {
            await RenameAsync(n => n + " (edited)");
            await RenameAsync(n => n[..^" (edited)".Length]);
            var start = Stopwatch.GetTimestamp();
            await Load.ExpectAsync(await client.GetAsync(path), name);
            if (i > 0)
            {
                kept.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        return Load.Summarize(name, [.. kept], clock.Elapsed.TotalSeconds, "after a company edit");
    }

    /// <summary>How many organizations contribute to the network benchmark.</summary>
    private async Task<long> ContributingAsync()
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM tenant_config WHERE contribute_to_network");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A company whose forecast is compared with the given cohort ("own": the deep
    /// company of the large tenant, else one far along its track; "network": one far along its
    /// track in the smallest contributing organizations, where late steps have few events of their
    /// own), with its tenant, track and a coach's token: the first answer among at most 300 tried.</summary>
    private async Task<(Guid Company, Guid Tenant, Guid Track, string Token, string Description)?> CompanyWithCohortAsync(string source)
    {
        var candidates = new List<(Guid Company, Guid Tenant, Guid Track, string Coach)>();
        await using (var command = dataSource.CreateCommand("""
            SELECT c.id, c.tenant_id, c.milestone_track_id,
                   (SELECT u.email FROM users u WHERE u.tenant_id = c.tenant_id AND u.role = @coach ORDER BY length(u.email), u.email LIMIT 1)
            FROM companies c JOIN tenants t ON t.id = c.tenant_id JOIN tenant_config tc ON tc.tenant_id = c.tenant_id
            WHERE c.archived_at IS NULL AND (CASE WHEN @own THEN c.tenant_id = @large ELSE t.name LIKE 'Small Tenant%' AND tc.contribute_to_network END)
            ORDER BY (c.id = @deep) DESC, (SELECT count(*) FROM companies o WHERE o.tenant_id = c.tenant_id), t.name,
                     (SELECT count(*) FROM company_milestones m WHERE m.company_id = c.id) DESC, c.id
            LIMIT 300
            """))
        {
            command.Parameters.AddWithValue("coach", Roles.Coach);
            command.Parameters.AddWithValue("own", source == "own");
            command.Parameters.AddWithValue("large", world.LargeTenant);
            command.Parameters.AddWithValue("deep", world.DeepCompany);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                candidates.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetString(3)));
            }
        }

        var tokens = new Dictionary<string, string>();
        foreach (var (company, tenant, track, coach) in candidates)
        {
            if (!tokens.TryGetValue(coach, out var token))
            {
                tokens[coach] = token = await Load.TokenAsync(baseAddress, coach, world.Password);
            }

            using var client = Bearer(token);
            var velocity = await client.GetFromJsonAsync<JsonElement>($"/api/v1/companies/{company}/velocity?asOf={AsOf}");
            if (velocity.GetProperty("cohortSource").GetString() == source && velocity.TryGetProperty("chanceWithin", out _))
            {
                var cohort = velocity.TryGetProperty("network", out var network) && network.ValueKind == JsonValueKind.Object
                    ? $"the network's cohort of {network.GetProperty("companies")} companies of {network.GetProperty("organizations")} organizations"
                    : velocity.GetProperty("cohort") is { ValueKind: JsonValueKind.Object } own ? $"its track's cohort of {own.GetProperty("n")} companies" : "no cohort";
                return (company, tenant, track, token, $"{coach}'s company {company}, status {velocity.GetProperty("status").GetString()}, compared with {cohort}");
            }
        }

        return null;
    }

    /// <summary>Track velocity right after a write to the track.</summary>
    private Task<Measurement> ColdVelocityAsync(HttpClient client, Guid tenant, int companies) =>
        AfterWriteAsync(client, tenant, $"/api/v1/tracks/{SaaS}/velocity", "track-velocity-cold", $"{companies:N0} companies");
}
