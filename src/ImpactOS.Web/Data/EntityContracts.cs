namespace ImpactOS.Web.Data;

/// <summary>A row that belongs to exactly one tenant. The context stamps <see cref="TenantId"/> on
/// insert, filters every query by it, and PostgreSQL row-level security enforces it again.</summary>
public interface ITenantOwned
{
    Guid TenantId { get; set; }
}

/// <summary>A row that is either the platform's (no tenant: visible to every tenant, writable by
/// the platform operator only) or one tenant's own.</summary>
public interface ITenantShared
{
    Guid? TenantId { get; set; }
}

/// <summary>A row about one company: founders see only those of their own company.</summary>
public interface ICompanyOwned
{
    Guid CompanyId { get; }
}

/// <summary>Deleting would break history, so these rows are archived and hidden instead.</summary>
public interface IArchivable
{
    DateTime? ArchivedAt { get; set; }
}

/// <summary>Optimistic concurrency: the version goes up by one on every update, and an update
/// made against an older version fails (409).</summary>
public interface IVersioned
{
    int Version { get; set; }
}

/// <summary>Names of the model's query filters, so one can be lifted without lifting the others.</summary>
public static class QueryFilters
{
    public const string Tenant = "tenant";
    public const string CompanyScope = "company-scope";
    public const string Archived = "archived";
}
