namespace ImpactOS.Web.Data.Migrations;

/// <summary>Gives the steps of Custom Tracks copied before lineage existed their System Standard
/// milestone, where that can still be told: a step created with the copy (the same instant as its
/// track) whose title is, without case, the title of a milestone of the standard the copy comes from
/// (directly or through other copies). Positions are not used: a reorder since the copy would make
/// them lie. A step renamed since the copy, or added later, keeps no link. The same SQL on both providers.</summary>
internal static class LineageBackfillSql
{
    public const string Sql = """
        UPDATE milestone_definitions
        SET standard_milestone_id = (
            WITH RECURSIVE lineage(track_id, source_id) AS (
                SELECT t.id, t.copied_from_track_id FROM milestone_tracks AS t WHERE t.copied_from_track_id IS NOT NULL
                UNION ALL
                SELECT l.track_id, p.copied_from_track_id FROM lineage AS l
                JOIN milestone_tracks AS p ON p.id = l.source_id
                WHERE p.copied_from_track_id IS NOT NULL)
            SELECT s.id FROM lineage AS l
            JOIN milestone_tracks AS root ON root.id = l.source_id AND root.is_system_standard
            JOIN milestone_definitions AS s ON s.track_id = root.id AND lower(s.title) = lower(milestone_definitions.title)
            WHERE l.track_id = milestone_definitions.track_id
            ORDER BY s.order_index
            LIMIT 1)
        WHERE tenant_id IS NOT NULL
          AND standard_milestone_id IS NULL
          AND created_at = (SELECT t.created_at FROM milestone_tracks AS t WHERE t.id = milestone_definitions.track_id);
        """;
}
