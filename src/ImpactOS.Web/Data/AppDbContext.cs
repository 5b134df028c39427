using System.Reflection;
using ImpactOS.Web.Auth;
using ImpactOS.Web.Features.Claims;
using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Evidence;
using ImpactOS.Web.Features.Milestones;
using ImpactOS.Web.Features.Programs;
using ImpactOS.Web.Features.Timeline;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace ImpactOS.Web.Data;

/// <summary>The application's database, whatever the provider. Each provider has a subclass with
/// its own migrations; everything that matters (model, tenancy, stamping) is here, once.</summary>
public abstract class AppDbContext : IdentityUserContext<AppUser, Guid>, IDataProtectionKeyContext
{
    private readonly CurrentUser _currentUser;
    private readonly TimeProvider _clock;

    protected AppDbContext(DbContextOptions options, CurrentUser currentUser, TimeProvider clock)
        : base(options)
    {
        _currentUser = currentUser;
        _clock = clock;
    }

    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<TenantConfig> TenantConfigs => Set<TenantConfig>();
    public DbSet<NetworkContributionChange> NetworkContributionChanges => Set<NetworkContributionChange>();
    public DbSet<Company> Companies => Set<Company>();
    public DbSet<CompanyOutcomeEvent> CompanyOutcomeEvents => Set<CompanyOutcomeEvent>();
    public DbSet<MilestoneTrack> MilestoneTracks => Set<MilestoneTrack>();
    public DbSet<MilestoneDefinition> MilestoneDefinitions => Set<MilestoneDefinition>();
    public DbSet<CompanyMilestone> CompanyMilestones => Set<CompanyMilestone>();
    public DbSet<MilestoneEvent> MilestoneEvents => Set<MilestoneEvent>();
    public DbSet<EvidenceFile> EvidenceFiles => Set<EvidenceFile>();
    public DbSet<MilestoneClaim> MilestoneClaims => Set<MilestoneClaim>();
    public DbSet<CompanyDomain> CompanyDomains => Set<CompanyDomain>();
    public DbSet<Features.Calendar.CalendarFeedToken> CalendarFeedTokens => Set<Features.Calendar.CalendarFeedToken>();
    public DbSet<Interaction> Interactions => Set<Interaction>();
    public DbSet<CompanyUpdate> CompanyUpdates => Set<CompanyUpdate>();
    public DbSet<SupportProgram> Programs => Set<SupportProgram>();
    public DbSet<ProgramEnrollment> ProgramEnrollments => Set<ProgramEnrollment>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<DataProtectionKey> DataProtectionKeys { get; set; } = null!;

    /// <summary>Read by the query filters at execution time, so each request sees its own tenant.</summary>
    protected Guid? CurrentTenantId => _currentUser.TenantId;

    protected Guid? CurrentCompanyScope => _currentUser.CompanyScope;

    protected bool CurrentIsOperator => _currentUser.IsOperator;

    /// <summary>The user this context acts for (tenancy, stamping).</summary>
    public CurrentUser CurrentUser => _currentUser;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        ConfigureIdentityTables(builder);
        SystemStandards.Seed(builder);

        var configureFilters = typeof(AppDbContext).GetMethod(nameof(ConfigureFilters), BindingFlags.NonPublic | BindingFlags.Instance)!;
        foreach (var entityType in builder.Model.GetEntityTypes().Where(e => e.BaseType is null && !e.IsOwned() && e.FindOwnership() is null && e.ClrType.Namespace?.StartsWith("ImpactOS", StringComparison.Ordinal) == true).ToList())
        {
            configureFilters.MakeGenericMethod(entityType.ClrType).Invoke(this, [builder]);
        }

        ProviderDefaults.Apply(builder, Database.ProviderName);
    }

    private static void ConfigureIdentityTables(ModelBuilder builder)
    {
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserClaim<Guid>>().ToTable("user_claims");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserLogin<Guid>>().ToTable("user_logins");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserToken<Guid>>().ToTable("user_tokens");
        builder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
    }

    /// <summary>The named query filters, derived from the marker interfaces so no entity can forget one.</summary>
    private void ConfigureFilters<TEntity>(ModelBuilder builder)
        where TEntity : class
    {
        var entity = builder.Entity<TEntity>();
        var type = typeof(TEntity);

        if (typeof(ITenantOwned).IsAssignableFrom(type))
        {
            entity.HasQueryFilter(QueryFilters.Tenant, e => EF.Property<Guid>(e, nameof(ITenantOwned.TenantId)) == CurrentTenantId);
        }
        else if (typeof(ITenantShared).IsAssignableFrom(type))
        {
            entity.HasQueryFilter(QueryFilters.Tenant, e =>
                EF.Property<Guid?>(e, nameof(ITenantShared.TenantId)) == null
                || EF.Property<Guid?>(e, nameof(ITenantShared.TenantId)) == CurrentTenantId);
        }
        else if (type == typeof(AppUser))
        {
            // As the row-level security policy on PostgreSQL: an organization's own accounts, the
            // operators' for the operator, none for nobody. Sign-in finds its account through
            // CrossTenantAccounts, the one way across organizations.
            entity.HasQueryFilter(QueryFilters.Tenant, e =>
                (CurrentTenantId != null && EF.Property<Guid?>(e, nameof(AppUser.TenantId)) == CurrentTenantId)
                || (CurrentIsOperator && EF.Property<Guid?>(e, nameof(AppUser.TenantId)) == null));
        }

        if (type == typeof(Company))
        {
            entity.HasQueryFilter(QueryFilters.CompanyScope, e =>
                CurrentCompanyScope == null || EF.Property<Guid>(e, nameof(Company.Id)) == CurrentCompanyScope);
        }
        else if (typeof(ICompanyOwned).IsAssignableFrom(type))
        {
            entity.HasQueryFilter(QueryFilters.CompanyScope, e =>
                CurrentCompanyScope == null || EF.Property<Guid>(e, nameof(ICompanyOwned.CompanyId)) == CurrentCompanyScope);
        }

        if (typeof(IArchivable).IsAssignableFrom(type))
        {
            entity.HasQueryFilter(QueryFilters.Archived, e => EF.Property<DateTime?>(e, nameof(IArchivable.ArchivedAt)) == null);
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampChanges();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampChanges();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public DateTime UtcNow => _clock.GetUtcNow().UtcDateTime;

    /// <summary>Stamps tenant, creation time and version, and refuses writes across tenants: the
    /// application-side half of isolation (row-level security is the database-side half).</summary>
    private void StampChanges()
    {
        var now = UtcNow;
        foreach (var entry in ChangeTracker.Entries())
        {
            switch (entry.State)
            {
                case EntityState.Added:
                    StampTenant(entry);
                    var created = entry.Metadata.FindProperty("CreatedAt");
                    if (created is not null && created.ClrType == typeof(DateTime) && (DateTime)entry.CurrentValues[created]! == default)
                    {
                        entry.CurrentValues[created] = now;
                    }

                    break;
                case EntityState.Modified:
                    GuardTenantUnchanged(entry);
                    if (entry.Entity is IVersioned versioned)
                    {
                        versioned.Version++;
                    }

                    break;
                case EntityState.Deleted:
                    GuardTenantUnchanged(entry);
                    break;
            }
        }
    }

    private void StampTenant(EntityEntry entry)
    {
        switch (entry.Entity)
        {
            case ITenantOwned owned when owned.TenantId == Guid.Empty:
                owned.TenantId = CurrentTenantId ?? throw new TenantIsolationException($"A {entry.Metadata.ClrType.Name} needs a tenant in scope.");
                break;
            // The platform operator provisions a new organization's settings row, and nothing else.
            case TenantConfig when _currentUser.IsOperator:
                break;
            case ITenantOwned owned when owned.TenantId != CurrentTenantId:
                throw new TenantIsolationException($"A {entry.Metadata.ClrType.Name} of another tenant cannot be written.");
            case ITenantShared shared when shared.TenantId is null && !_currentUser.IsOperator:
                shared.TenantId = CurrentTenantId ?? throw new TenantIsolationException($"A {entry.Metadata.ClrType.Name} needs a tenant in scope.");
                break;
            case ITenantShared shared when shared.TenantId is not null && shared.TenantId != CurrentTenantId:
                throw new TenantIsolationException($"A {entry.Metadata.ClrType.Name} of another tenant cannot be written.");
        }
    }

    private void GuardTenantUnchanged(EntityEntry entry)
    {
        var tenant = entry.Metadata.FindProperty("TenantId");
        if (entry.Entity is AppUser || tenant is null)
        {
            return;
        }

        var original = (Guid?)entry.OriginalValues[tenant];
        if (original is null ? !_currentUser.IsOperator : original != CurrentTenantId)
        {
            throw new TenantIsolationException($"A {entry.Metadata.ClrType.Name} outside this tenant cannot be changed.");
        }

        if (!Equals(entry.CurrentValues[tenant], entry.OriginalValues[tenant]))
        {
            throw new TenantIsolationException("A row cannot move to another tenant.");
        }
    }
}

/// <summary>A write crossed a tenant boundary: always a programming error, never user input.</summary>
public sealed class TenantIsolationException(string message) : InvalidOperationException(message);
