namespace ImpactOS.Web.Data.Migrations;

/// <summary>Numbers the history recorded before <c>sequence</c> existed: per company milestone, in
/// the order of its timestamps (the only order known for it), and sets each row's
/// <c>change_count</c> to its number of changes so the next one continues after them. The same SQL
/// on both providers.</summary>
internal static class HistorySequenceBackfill
{
    public const string Sql = """
        UPDATE company_milestone_events
        SET "sequence" = (
            SELECT COUNT(*) FROM company_milestone_events AS earlier
            WHERE earlier.company_milestone_id = company_milestone_events.company_milestone_id
              AND (earlier.at < company_milestone_events.at
                   OR (earlier.at = company_milestone_events.at AND earlier.id <= company_milestone_events.id)));
        UPDATE company_milestones
        SET change_count = (SELECT COUNT(*) FROM company_milestone_events AS e WHERE e.company_milestone_id = company_milestones.id);
        """;
}
