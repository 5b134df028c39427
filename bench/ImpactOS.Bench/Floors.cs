using Npgsql;

namespace ImpactOS.Bench;

/// <summary>The hand-written SQL each read needs, run through Npgsql the way the app connects (as
/// impactos_app with the tenant set), so each endpoint's time can be set against its floor.</summary>
public sealed class Floors(NpgsqlDataSource dataSource, Guid tenant)
{
    /// <summary>A connection with the session set (the app's role, this tenant) in the same batch as
    /// the floor's first statements: one round trip, as the app sends its settings with its first
    /// query. Later statements go on the connection (<see cref="RunAsync"/>).</summary>
    private async Task<NpgsqlConnection> OpenAsync(int timeout, params NpgsqlBatchCommand[] first)
    {
        var connection = await dataSource.OpenConnectionAsync();
        await RunAsync(connection, timeout, [
            new NpgsqlBatchCommand("SET ROLE impactos_app"),
            Statement("SELECT set_config('app.tenant_id', @t, false), set_config('app.is_operator', 'off', false)", ("t", tenant.ToString())),
            .. first]);
        return connection;
    }

    private Task<NpgsqlConnection> OpenAsync(params NpgsqlBatchCommand[] first) => OpenAsync(30, first);

    private static NpgsqlBatchCommand Statement(string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    /// <summary>Statements in one round trip, every result read to the end.</summary>
    private static async Task RunAsync(NpgsqlConnection connection, int timeout, params NpgsqlBatchCommand[] statements)
    {
        await using var batch = new NpgsqlBatch(connection) { Timeout = timeout };
        foreach (var statement in statements)
        {
            batch.BatchCommands.Add(statement);
        }

        await using var reader = await batch.ExecuteReaderAsync();
        do
        {
            while (await reader.ReadAsync())
            {
            }
        }
        while (await reader.NextResultAsync());
    }

    /// <summary>Statements one after another, each a round trip; the first with the session.</summary>
    private async Task RunEachAsync(int timeout, (string Name, object Value)[] parameters, params string[] statements)
    {
        await using var connection = await OpenAsync(timeout, Statement(statements[0], parameters));
        foreach (var sql in statements.Skip(1))
        {
            await RunAsync(connection, timeout, Statement(sql, parameters));
        }
    }

    private const string TimelinePage = """
        SELECT * FROM (
          (SELECT 'milestone' AS kind, m.achieved_at AS at, m.id, d.title FROM company_milestones m JOIN milestone_definitions d ON d.id = m.milestone_id
            WHERE m.company_id = @c AND m.status = 'achieved' AND (m.achieved_at, m.id) < (@at, @id) ORDER BY m.achieved_at DESC, m.id DESC LIMIT 51)
          UNION ALL
          (SELECT 'interaction', i.occurred_at, i.id, i.subject FROM interactions i
            WHERE i.company_id = @c AND i.archived_at IS NULL AND (i.occurred_at, i.id) < (@at, @id) ORDER BY i.occurred_at DESC, i.id DESC LIMIT 51)
          UNION ALL
          (SELECT 'update', u.submitted_at, u.id, u.summary FROM company_updates u
            WHERE u.company_id = @c AND u.archived_at IS NULL AND (u.submitted_at, u.id) < (@at, @id) ORDER BY u.submitted_at DESC, u.id DESC LIMIT 51)
          UNION ALL
          (SELECT 'program', e.enrolled_on::timestamptz, e.id, p.name FROM program_enrollments e JOIN programs p ON p.id = e.program_id WHERE e.company_id = @c)
        ) t ORDER BY at DESC, id DESC LIMIT 51
        """;

    /// <summary>A company's roadmap: its track's steps with its progress on each (the profile shows
    /// it; a mark and an undo answer with it).</summary>
    private const string RoadmapSteps = """
        SELECT d.id, d.title, d.order_index, m.status, m.achieved_at, m.version, u.display_name
        FROM companies c JOIN milestone_definitions d ON d.track_id = c.milestone_track_id AND d.archived_at IS NULL
        LEFT JOIN company_milestones m ON m.company_id = c.id AND m.milestone_id = d.id
        LEFT JOIN users u ON u.id = m.verified_by_user_id
        WHERE c.id = @c ORDER BY d.order_index
        """;

    /// <summary>A timeline page from a position (now for the first page).</summary>
    public async Task TimelineAsync(Guid company, DateTime at, Guid id)
    {
        await using var connection = await OpenAsync(Statement(TimelinePage, ("c", company), ("at", at), ("id", id)));
    }

    /// <summary>The company profile: the company, its roadmap, the first timeline page.</summary>
    public async Task ProfileAsync(Guid company)
    {
        (string, object)[] parameters = [("c", company), ("at", new DateTime(9000, 1, 1, 0, 0, 0, DateTimeKind.Utc)), ("id", Guid.Empty)];
        await using var connection = await OpenAsync(
            Statement("SELECT c.*, t.title FROM companies c JOIN milestone_tracks t ON t.id = c.milestone_track_id WHERE c.id = @c", parameters),
            Statement(RoadmapSteps, parameters),
            Statement(TimelinePage, parameters));
    }

    /// <summary>What a track's velocity is computed from: its steps, its companies, their achievements.</summary>
    public async Task TrackVelocityAsync(Guid track)
    {
        await RunEachAsync(30, [("t", track)],
            "SELECT id, order_index, title FROM milestone_definitions WHERE track_id = @t AND archived_at IS NULL ORDER BY order_index",
            "SELECT id, name, coach_user_id, founded_on, created_at, archived_at FROM companies WHERE milestone_track_id = @t",
            "SELECT m.company_id, m.milestone_id, m.achieved_at FROM company_milestones m JOIN companies c ON c.id = m.company_id JOIN milestone_definitions d ON d.id = m.milestone_id WHERE m.status = 'achieved' AND c.milestone_track_id = @t AND d.track_id = @t");
    }

    /// <summary>The portfolio's first page: the tenant's companies with their tracks (statuses come from velocity).</summary>
    public async Task PortfolioAsync()
    {
        await using var connection = await OpenAsync(Statement("""
            SELECT c.id, c.name, c.milestone_track_id, c.coach_user_id, c.founded_on, c.created_at,
                   (SELECT count(*) FROM company_milestones m WHERE m.company_id = c.id AND m.status = 'achieved')
            FROM companies c WHERE c.archived_at IS NULL ORDER BY c.name LIMIT 50
            """));
    }

    /// <summary>What attribution and lift are computed from: companies, windows, achievements, programs.</summary>
    public async Task ReportsAsync()
    {
        await RunEachAsync(30, [],
            "SELECT id, founded_on, created_at, archived_at FROM companies",
            "SELECT company_id, program_id, enrolled_on, exited_on FROM program_enrollments WHERE archived_at IS NULL",
            "SELECT company_id, achieved_at FROM company_milestones WHERE status = 'achieved' AND achieved_at IS NOT NULL",
            "SELECT id, name FROM programs WHERE archived_at IS NULL");
    }

    /// <summary>What program effects are fitted to (the inputs' six queries): every track's steps,
    /// the companies, their achievements on their own track, enrolments, meetings and calls, programs.</summary>
    public async Task EffectsAsync()
    {
        await RunEachAsync(600, [],
            "SELECT track_id, id, order_index, title FROM milestone_definitions",
            "SELECT id, milestone_track_id, founded_on, created_at, archived_at, outcome, outcome_on FROM companies",
            "SELECT m.company_id, m.milestone_id, m.achieved_at FROM company_milestones m JOIN milestone_definitions d ON d.id = m.milestone_id JOIN companies c ON c.id = m.company_id WHERE m.status = 'achieved' AND m.achieved_at IS NOT NULL AND d.track_id = c.milestone_track_id",
            "SELECT company_id, program_id, enrolled_on, exited_on FROM program_enrollments",
            "SELECT company_id, occurred_at FROM interactions WHERE kind IN ('meeting', 'call') AND archived_at IS NULL",
            "SELECT id, name FROM programs ORDER BY starts_on, name");
    }

    /// <summary>A mark written the shortest way SQL allows: the company and track check, the row's
    /// upsert and its history entry in one statement (autocommit: one fsync'd commit, as the app's
    /// transaction), then the track's steps with the company's progress, which the app answers with.</summary>
    public async Task MarkAsync(Guid company, Guid milestone, Guid coach)
    {
        await using var connection = await OpenAsync(Statement("""
            WITH up AS (
              INSERT INTO company_milestones AS m (tenant_id, company_id, milestone_id, status, achieved_at, logged_at, verified_by_user_id, version, change_count)
              SELECT c.tenant_id, c.id, @m, 'achieved', now(), now(), @u, 1, 1 FROM companies c
              WHERE c.id = @c AND c.archived_at IS NULL AND EXISTS (SELECT 1 FROM milestone_definitions d WHERE d.id = @m AND d.track_id = c.milestone_track_id)
              ON CONFLICT (tenant_id, company_id, milestone_id) DO UPDATE SET status = 'achieved', achieved_at = now(), verified_by_user_id = @u,
                version = m.version + 1, change_count = m.change_count + 1
              RETURNING m.id, m.tenant_id, m.change_count, m.achieved_at)
            INSERT INTO company_milestone_events (tenant_id, company_id, company_milestone_id, milestone_id, action, at, by_user_id, achieved_at, sequence)
            SELECT up.tenant_id, @c, up.id, @m, 'achieved', now(), @u, up.achieved_at, up.change_count FROM up
            """, ("c", company), ("m", milestone), ("u", coach)));

        await StepsAsync(connection, company);
    }

    /// <summary>An undo the same way: the row back to pending and its history entry (what it was) in one statement, then the steps.</summary>
    public async Task UndoAsync(Guid company, Guid milestone, Guid coach)
    {
        await using var connection = await OpenAsync(Statement("""
            WITH before AS (
              SELECT m.id, m.achieved_at, m.evidence_note, m.evidence_url FROM company_milestones m
              WHERE m.company_id = @c AND m.milestone_id = @m AND m.status = 'achieved' FOR UPDATE),
            up AS (
              UPDATE company_milestones m SET status = 'pending', achieved_at = NULL, verified_by_user_id = NULL, evidence_note = NULL, evidence_url = NULL,
                version = m.version + 1, change_count = m.change_count + 1, undo_count = m.undo_count + 1
              FROM before WHERE m.id = before.id
              RETURNING m.id, m.tenant_id, m.change_count, before.achieved_at, before.evidence_note, before.evidence_url)
            INSERT INTO company_milestone_events (tenant_id, company_id, company_milestone_id, milestone_id, action, at, by_user_id, previous_achieved_at, previous_evidence_note, previous_evidence_url, sequence)
            SELECT up.tenant_id, @c, up.id, @m, 'undone', now(), @u, up.achieved_at, up.evidence_note, up.evidence_url, up.change_count FROM up
            """, ("c", company), ("m", milestone), ("u", coach)));

        await StepsAsync(connection, company);
    }

    private static async Task StepsAsync(NpgsqlConnection connection, Guid company)
    {
        await RunAsync(connection, 30, Statement(RoadmapSteps, ("c", company)));
    }

    /// <summary>The network benchmark's one read across organizations: the SECURITY DEFINER
    /// function, called as the app calls it (impactos_app, this tenant set, so only if it contributes).</summary>
    public async Task NetworkAsync(DateTime asOf)
    {
        await using var connection = await OpenAsync(600, Statement(
            "SELECT organization, company, order_index, standard_milestone_id, achieved_ticks, as_of_ticks, archived_ticks, closure, closure_ticks FROM impactos_network_steps(@asOf)",
            ("asOf", asOf)));
    }

    /// <summary>What one company's velocity is read from when nothing is cached: the track's
    /// steps, its companies and their achievements (the cohort), as <see cref="TrackVelocityAsync"/>;
    /// compared with the network (<paramref name="networkAsOf"/>), the network's read as well.</summary>
    public async Task CompanyVelocityAsync(Guid track, DateTime? networkAsOf)
    {
        await TrackVelocityAsync(track);
        if (networkAsOf is { } asOf)
        {
            await NetworkAsync(asOf);
        }
    }
}
