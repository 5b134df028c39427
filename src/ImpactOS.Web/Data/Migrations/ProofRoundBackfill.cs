namespace ImpactOS.Web.Data.Migrations;

/// <summary>Counts the undos already in the history (both providers): each milestone's
/// undo_count, and for each proof file the undos before it was uploaded. Files uploaded before an
/// undo leave the step; the history (numbered by sequence) still lists them. Earlier rows have
/// only their timestamps to go by.</summary>
internal static class ProofRoundBackfill
{
    public const string Sql = """
        UPDATE company_milestones
        SET undo_count = (SELECT COUNT(*) FROM company_milestone_events AS e
                          WHERE e.company_milestone_id = company_milestones.id AND e.action = 'undone');
        UPDATE evidence_files
        SET undos_before = (SELECT COUNT(*) FROM company_milestone_events AS e
                            WHERE e.company_milestone_id = evidence_files.company_milestone_id AND e.action = 'undone'
                              AND e.at < evidence_files.uploaded_at);
        """;
}
