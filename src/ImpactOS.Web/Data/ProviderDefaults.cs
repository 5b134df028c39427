using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImpactOS.Web.Data;

/// <summary>Column defaults written once in the entity configurations and rendered in each
/// provider's SQL: the PostgreSQL schema carries the requirements' <c>DEFAULT now()</c> and
/// <c>DEFAULT gen_random_uuid()</c>.</summary>
public static class ProviderDefaults
{
    private const string Annotation = "ImpactOS:Default";
    private const string Now = "now";
    private const string RandomUuid = "uuid";

    public static PropertyBuilder<DateTime> HasDefaultNow(this PropertyBuilder<DateTime> property) =>
        property.HasAnnotation(Annotation, Now);

    public static PropertyBuilder<Guid> HasDefaultRandomUuid(this PropertyBuilder<Guid> property) =>
        property.HasAnnotation(Annotation, RandomUuid);

    internal static void Apply(ModelBuilder builder, string? providerName)
    {
        var postgres = providerName == "Npgsql.EntityFrameworkCore.PostgreSQL";
        foreach (var property in builder.Model.GetEntityTypes().SelectMany(e => e.GetDeclaredProperties()))
        {
            var kind = property.FindAnnotation(Annotation)?.Value as string;
            var sql = (kind, postgres) switch
            {
                (Now, true) => "now()",
                (Now, false) => "CURRENT_TIMESTAMP",
                (RandomUuid, true) => "gen_random_uuid()",
                _ => null,
            };
            if (sql is not null)
            {
                property.SetDefaultValueSql(sql);
            }

            property.RemoveAnnotation(Annotation);
        }
    }
}
