using System.Text;
using System.Text.RegularExpressions;
using ImpactOS.Web.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace ImpactOS.Web.Data;

/// <summary>The database-side half of tenant isolation. Derived from the EF model after every
/// migration, so a new tenant-owned table cannot be forgotten: row-level security enabled and
/// forced on each, one policy on <c>app.tenant_id</c>, and the application role granted what it
/// needs and no more (no DELETE: deletes are archives). Accounts are tenant data too; the few
/// questions that must cross organizations are answered by two functions (see
/// <see cref="AccountByEmailFunction"/>), which give ids and counts, never an account.</summary>
public static partial class PostgresRowLevelSecurity
{
    private const string CurrentTenant = $"NULLIF(current_setting('{PostgresSession.TenantSetting}', true), '')::uuid";
    private const string IsOperator = $"coalesce(current_setting('{PostgresSession.OperatorSetting}', true), '') = 'on'";

    private const string OperatorProvisioned = "tenant_config";

    private const string Accounts = "users";

    /// <summary>What the network function reads (an earlier schema without them gets no function).</summary>
    private static readonly string[] NetworkTables = ["tenant_config", "companies", "company_milestones", "milestone_definitions", "milestone_tracks", "network_contribution_changes"];

    /// <summary>Finds the account an email signs in to before any tenant is known: its id and
    /// organization (none for the platform operator), nothing else. Sign-in then loads the account
    /// inside that organization, under the policies like any other read.</summary>
    public const string AccountByEmailFunction = "impactos_account_by_email";

    /// <summary>Each organization's number of accounts, for the platform operator's list (and only
    /// in an operator session).</summary>
    public const string AccountCountsFunction = "impactos_account_counts";

    /// <summary>The account and organization an active calendar-feed token belongs to (its SHA-256
    /// in, two ids out): a calendar app fetches a feed without signing in, so its tenant is not yet
    /// known. The feed itself is then read inside that organization, under the policies.</summary>
    public const string CalendarFeedOwnerFunction = "impactos_calendar_feed_owner";

    private const string CalendarFeedTokens = "calendar_feed_tokens";

    /// <summary>The network benchmark's one read across organizations (see <see cref="AppendNetworkFunction"/>):
    /// for the contributing organizations only, and only when the calling session's organization
    /// contributes, each company's steps on a System Standard (or a copy linked to one) as opaque
    /// ordinals and offsets from its own track start; no id, name or date of a company or tenant.</summary>
    public const string NetworkStepsFunction = "impactos_network_steps";

    /// <summary>The role that owns <see cref="NetworkStepsFunction"/>: it cannot log in, and its only
    /// policies let it read the contributing organizations' rows of the five tables the function
    /// needs. Nobody else is granted it (the schema owner is a member only to hand it the function).</summary>
    public const string NetworkRole = "impactos_network";

    /// <summary>Where the fingerprint of the last applied script is kept (not in the EF model; the
    /// application role cannot read it).</summary>
    private const string StateTable = "impactos_row_security";

    /// <summary>Applies the script unless the database already has exactly this one (its SHA-256 is
    /// kept in <see cref="StateTable"/>): altering every table takes exclusive locks, which a
    /// restart must not take while other instances serve requests (and which once deadlocked
    /// with a concurrent maintenance task). A deadlock is retried.</summary>
    /// <param name="existingTables">Only these tables (a database at an earlier migration, in the
    /// upgrade tests); null: every table of the model, as the app at start-up.</param>
    public static async Task ApplyAsync(DbContext context, string appRole, CancellationToken cancellationToken = default, IReadOnlySet<string>? existingTables = null)
    {
        var sql = BuildScript(context.Model, appRole, existingTables);
        var fingerprint = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
                // Several instances may start at once; one provisions at a time.
                await context.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7245001)", cancellationToken);
                await context.Database.ExecuteSqlRawAsync("CREATE TABLE IF NOT EXISTS " + StateTable + " (fingerprint text NOT NULL)", cancellationToken);
                var applied = await context.Database.SqlQueryRaw<string>("SELECT fingerprint AS \"Value\" FROM " + StateTable).ToListAsync(cancellationToken);
                if (!applied.Contains(fingerprint))
                {
                    await context.Database.ExecuteSqlRawAsync(sql, cancellationToken);
                    await context.Database.ExecuteSqlRawAsync("DELETE FROM " + StateTable + "; INSERT INTO " + StateTable + " (fingerprint) VALUES ({0})", [fingerprint], cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                return;
            }
            catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.DeadlockDetected && attempt < 3)
            {
                // The other transaction went through; ours starts again.
            }
        }
    }

    /// <summary>Tables whose rows belong to tenants, with whether a row may be the platform's (no tenant).</summary>
    public static IEnumerable<(string Table, bool Shared)> TenantTables(IModel model) =>
        model.GetEntityTypes()
            .Where(e => e.GetTableName() is not null && e.FindProperty("TenantId") is not null)
            .Select(e => (e.GetTableName()!, typeof(ITenantShared).IsAssignableFrom(e.ClrType)))
            .Distinct()
            .OrderBy(t => t.Item1, StringComparer.Ordinal);

    /// <summary>Tables without a tenant whose rows belong to an account (Identity's claims, logins
    /// and tokens), with the column naming the account: they are visible with their account. Also
    /// the tables the application may delete from: bookkeeping, not history.</summary>
    public static IEnumerable<(string Table, string UserColumn)> AccountTables(IModel model) =>
        model.GetEntityTypes()
            .Where(e => e.GetTableName() is not null && e.FindProperty("TenantId") is null)
            .SelectMany(e => e.GetForeignKeys()
                .Where(fk => fk.PrincipalEntityType.ClrType == typeof(Auth.AppUser) && fk.Properties.Count == 1)
                .Select(fk => (e.GetTableName()!, fk.Properties[0].GetColumnName())))
            .Distinct()
            .OrderBy(t => t.Item1, StringComparer.Ordinal);

    public static string BuildScript(IModel model, string appRole, IReadOnlySet<string>? existingTables = null)
    {
        bool Exists(string table) => existingTables is null || existingTables.Contains(table);
        var role = QuoteIdentifier(appRole);
        var roleLiteral = appRole.Replace("'", "''", StringComparison.Ordinal);
        var sql = new StringBuilder();
        sql.AppendLine($"""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{roleLiteral}') THEN
                CREATE ROLE {role} NOLOGIN NOSUPERUSER NOBYPASSRLS;
              END IF;
            END $$;
            GRANT USAGE ON SCHEMA public TO {role};
            GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO {role};
            GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role};
            REVOKE ALL ON TABLE "__EFMigrationsHistory" FROM {role};
            REVOKE ALL ON TABLE {StateTable} FROM {role};
            """);
        foreach (var (table, _) in AccountTables(model).Where(t => Exists(t.Table)))
        {
            sql.AppendLine($"GRANT DELETE ON TABLE {QuoteIdentifier(table)} TO {role};");
        }

        // The tenants table is keyed by its own id.
        AppendPolicy(sql, "tenants", visible: $"id = {CurrentTenant} OR {IsOperator}", check: IsOperator);
        foreach (var (table, shared) in TenantTables(model).Where(t => Exists(t.Table)))
        {
            if (shared)
            {
                // System Standards (no tenant) are readable by all, writable by the platform operator only.
                AppendPolicy(sql, table,
                    visible: $"tenant_id IS NULL OR tenant_id = {CurrentTenant}",
                    check: $"tenant_id = {CurrentTenant} OR (tenant_id IS NULL AND {IsOperator})",
                    writeUsing: $"tenant_id = {CurrentTenant} OR (tenant_id IS NULL AND {IsOperator})");
            }
            else if (table == Accounts)
            {
                // An organization's accounts; in an operator session, the operators' own. The operator
                // provisions an organization's first admin; no tenant session makes an operator.
                AppendPolicy(sql, table,
                    visible: $"tenant_id = {CurrentTenant} OR (tenant_id IS NULL AND {IsOperator})",
                    check: $"(tenant_id = {CurrentTenant} AND role <> '{Auth.Roles.Operator}') OR {IsOperator}");
            }
            else if (table == OperatorProvisioned)
            {
                // The platform operator provisions (and may look after) each organization's settings.
                AppendPolicy(sql, table, visible: $"tenant_id = {CurrentTenant} OR {IsOperator}", check: $"tenant_id = {CurrentTenant} OR {IsOperator}");
            }
            else
            {
                AppendPolicy(sql, table, visible: $"tenant_id = {CurrentTenant}", check: $"tenant_id = {CurrentTenant}");
            }
        }

        foreach (var (table, userColumn) in AccountTables(model).Where(t => Exists(t.Table)))
        {
            // The subquery reads users under its own policy: a claim is visible with its account.
            var ownAccount = $"EXISTS (SELECT 1 FROM {QuoteIdentifier(Accounts)} a WHERE a.id = {QuoteIdentifier(table)}.{QuoteIdentifier(userColumn)})";
            AppendPolicy(sql, table, visible: ownAccount, check: ownAccount);
        }

        AppendCrossTenantFunctions(sql, role);
        if (Exists(CalendarFeedTokens))
        {
            AppendCalendarFeedOwnerFunction(sql, role);
        }

        if (NetworkTables.All(Exists))
        {
            AppendNetworkFunction(sql, role);
        }

        return sql.ToString();
    }

    /// <summary>The only ways across organizations: <c>SECURITY DEFINER</c> functions owned by the
    /// schema owner (who applies this script), executable by the application role alone. A
    /// superuser owner passes row-level security anyway; any other owner is subject to the forced
    /// policies, so it gets a read-only policy of its own, which applies to no other role.</summary>
    private static void AppendCrossTenantFunctions(StringBuilder sql, string role)
    {
        var users = QuoteIdentifier(Accounts);
        sql.AppendLine($"""
            DROP POLICY IF EXISTS schema_owner_reads ON {users};
            CREATE POLICY schema_owner_reads ON {users} FOR SELECT TO CURRENT_USER USING (true);
            CREATE OR REPLACE FUNCTION {AccountByEmailFunction}(normalized_email text)
              RETURNS TABLE (user_id uuid, tenant_id uuid)
              LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
              AS $fn$ SELECT a.id, a.tenant_id FROM {users} a WHERE a.normalized_email = $1 $fn$;
            REVOKE ALL ON FUNCTION {AccountByEmailFunction}(text) FROM PUBLIC;
            GRANT EXECUTE ON FUNCTION {AccountByEmailFunction}(text) TO {role};
            CREATE OR REPLACE FUNCTION {AccountCountsFunction}()
              RETURNS TABLE (tenant_id uuid, accounts bigint)
              LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
              AS $fn$ SELECT a.tenant_id, count(*) FROM {users} a WHERE a.tenant_id IS NOT NULL AND {IsOperator} GROUP BY a.tenant_id $fn$;
            REVOKE ALL ON FUNCTION {AccountCountsFunction}() FROM PUBLIC;
            GRANT EXECUTE ON FUNCTION {AccountCountsFunction}() TO {role};
            """);
    }

    private static void AppendCalendarFeedOwnerFunction(StringBuilder sql, string role)
    {
        var tokens = QuoteIdentifier(CalendarFeedTokens);
        sql.AppendLine($"""
            DROP POLICY IF EXISTS schema_owner_reads ON {tokens};
            CREATE POLICY schema_owner_reads ON {tokens} FOR SELECT TO CURRENT_USER USING (true);
            CREATE OR REPLACE FUNCTION {CalendarFeedOwnerFunction}(token_hash bytea)
              RETURNS TABLE (user_id uuid, tenant_id uuid)
              LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
              AS $fn$ SELECT f.user_id, f.tenant_id FROM {tokens} f WHERE f.token_hash = $1 AND f.revoked_at IS NULL $fn$;
            REVOKE ALL ON FUNCTION {CalendarFeedOwnerFunction}(bytea) FROM PUBLIC;
            GRANT EXECUTE ON FUNCTION {CalendarFeedOwnerFunction}(bytea) TO {role};
            """);
    }

    /// <summary>The network benchmark's read: a <c>SECURITY DEFINER</c> function owned by
    /// <see cref="NetworkRole"/>, which reads under policies of its own (only contributing
    /// organizations' rows, read-only); row-level security stays forced, and the application role
    /// still reads nothing of another organization except what this function returns. Each row is
    /// one active step of a company's track: an organization ordinal and a company ordinal (dense
    /// ranks over hashes salted with the instant, so they mean nothing outside one call), the step's
    /// order on the company's own track, the System Standard milestone it counts for (null for a
    /// step the organization added), and offsets in .NET ticks from the company's track start: when
    /// it was achieved, the report instant, when the company was archived, when it closed. The
    /// steps themselves are built from these by the same code as the organization's own cohort.</summary>
    private static void AppendNetworkFunction(StringBuilder sql, string role)
    {
        const string network = NetworkRole;
        const string contributing = "tenant_id IN (SELECT c.tenant_id FROM tenant_config c WHERE c.contribute_to_network)";
        sql.AppendLine($"""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{network}') THEN
                CREATE ROLE {network} NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
              END IF;
            END $$;
            GRANT {network} TO CURRENT_USER;
            GRANT USAGE ON SCHEMA public TO {network};
            REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {network};
            GRANT SELECT ON TABLE tenant_config, companies, company_milestones, milestone_definitions, milestone_tracks TO {network};
            DROP POLICY IF EXISTS network_reads ON tenant_config;
            CREATE POLICY network_reads ON tenant_config FOR SELECT TO {network} USING (contribute_to_network);
            DROP POLICY IF EXISTS network_reads ON companies;
            CREATE POLICY network_reads ON companies FOR SELECT TO {network} USING ({contributing});
            DROP POLICY IF EXISTS network_reads ON company_milestones;
            CREATE POLICY network_reads ON company_milestones FOR SELECT TO {network} USING ({contributing});
            DROP POLICY IF EXISTS network_reads ON milestone_definitions;
            CREATE POLICY network_reads ON milestone_definitions FOR SELECT TO {network} USING (tenant_id IS NULL OR {contributing});
            DROP POLICY IF EXISTS network_reads ON milestone_tracks;
            CREATE POLICY network_reads ON milestone_tracks FOR SELECT TO {network} USING (tenant_id IS NULL OR {contributing});
            CREATE OR REPLACE FUNCTION {NetworkStepsFunction}(as_of timestamptz)
              RETURNS TABLE (organization integer, company bigint, order_index integer, standard_milestone_id uuid,
                             achieved_ticks bigint, as_of_ticks bigint, archived_ticks bigint, closure text, closure_ticks bigint)
              LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
              AS $fn$
                WITH organizations AS (
                  SELECT c.tenant_id, dense_rank() OVER (ORDER BY md5(c.tenant_id::text || $1::text))::integer AS organization
                  FROM tenant_config c
                  WHERE c.contribute_to_network
                    AND EXISTS (SELECT 1 FROM tenant_config me WHERE me.tenant_id = {CurrentTenant} AND me.contribute_to_network)),
                steps AS (
                  SELECT m.id, m.track_id, m.order_index,
                         CASE WHEN t.is_system_standard THEN m.id ELSE m.standard_milestone_id END AS standard_milestone_id
                  FROM milestone_definitions m JOIN milestone_tracks t ON t.id = m.track_id
                  WHERE m.archived_at IS NULL),
                members AS (
                  SELECT o.organization, dense_rank() OVER (ORDER BY md5(c.id::text || $1::text)) AS company, c.id, c.milestone_track_id,
                         coalesce(c.founded_on::timestamp AT TIME ZONE 'UTC', c.created_at) AS start, c.archived_at,
                         CASE WHEN c.outcome <> 'active' THEN c.outcome END AS closure,
                         c.outcome_on::timestamp AT TIME ZONE 'UTC' AS closed_at
                  FROM companies c JOIN organizations o ON o.tenant_id = c.tenant_id
                  WHERE EXISTS (SELECT 1 FROM steps s WHERE s.track_id = c.milestone_track_id AND s.standard_milestone_id IS NOT NULL)),
                achieved AS (
                  SELECT cm.company_id, cm.milestone_id, min(cm.achieved_at) AS achieved_at
                  FROM company_milestones cm JOIN members c ON c.id = cm.company_id
                  WHERE cm.status = 'achieved' AND cm.achieved_at IS NOT NULL
                  GROUP BY cm.company_id, cm.milestone_id)
                SELECT c.organization, c.company, s.order_index, s.standard_milestone_id,
                       (extract(epoch FROM a.achieved_at - c.start) * 10000000)::bigint,
                       (extract(epoch FROM $1 - c.start) * 10000000)::bigint,
                       (extract(epoch FROM c.archived_at - c.start) * 10000000)::bigint,
                       c.closure,
                       (extract(epoch FROM c.closed_at - c.start) * 10000000)::bigint
                FROM members c
                JOIN steps s ON s.track_id = c.milestone_track_id
                LEFT JOIN achieved a ON a.company_id = c.id AND a.milestone_id = s.id
              $fn$;
            ALTER FUNCTION {NetworkStepsFunction}(timestamptz) OWNER TO {network};
            REVOKE ALL ON FUNCTION {NetworkStepsFunction}(timestamptz) FROM PUBLIC;
            GRANT EXECUTE ON FUNCTION {NetworkStepsFunction}(timestamptz) TO {role};
            """);
    }

    private static void AppendPolicy(StringBuilder sql, string table, string visible, string check, string? writeUsing = null)
    {
        var t = QuoteIdentifier(table);
        sql.AppendLine($"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY;");
        sql.AppendLine($"ALTER TABLE {t} FORCE ROW LEVEL SECURITY;");
        sql.AppendLine($"DROP POLICY IF EXISTS tenant_isolation ON {t};");
        sql.AppendLine($"DROP POLICY IF EXISTS tenant_read ON {t};");
        sql.AppendLine($"DROP POLICY IF EXISTS tenant_write ON {t};");
        if (writeUsing is null)
        {
            sql.AppendLine($"CREATE POLICY tenant_isolation ON {t} USING ({visible}) WITH CHECK ({check});");
        }
        else
        {
            sql.AppendLine($"CREATE POLICY tenant_read ON {t} FOR SELECT USING ({visible});");
            sql.AppendLine($"CREATE POLICY tenant_write ON {t} FOR ALL USING ({writeUsing}) WITH CHECK ({check});");
        }
    }

    public static string QuoteIdentifier(string identifier)
    {
        if (!IdentifierPattern().IsMatch(identifier))
        {
            throw new ArgumentException($"'{identifier}' is not a plain SQL identifier.", nameof(identifier));
        }

        return $"\"{identifier}\"";
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex IdentifierPattern();
}
