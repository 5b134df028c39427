using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ImpactOS.Web.Analytics;

/// <summary>The one place the analytics caches learn about writes. While a save runs it asks every
/// registered analytic what each changed row means for it (<see cref="IAffectedByWrites"/>) and hands
/// the answers to the scope's <see cref="AnalyticsChanges"/>; once the change is committed (the save,
/// or the transaction around it) they are flushed to the cache. No use case has to remember it.</summary>
public sealed class AnalyticsChangeInterceptor(AnalyticsChanges changes, SavedRowFactFinder facts, IEnumerable<AnalyticRegistration> analytics)
    : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context)
        {
            Collect(context, facts.Find(context));
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            Collect(context, await facts.FindAsync(context, cancellationToken));
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        FlushUnlessInTransaction(eventData.Context);
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not null && eventData.Context.Database.CurrentTransaction is null)
        {
            await changes.FlushAsync(cancellationToken);
        }

        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => changes.Flush();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        changes.FlushAsync(cancellationToken);

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => changes.Clear();

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        changes.Clear();
        return Task.CompletedTask;
    }

    private void Collect(DbContext context, SavedRowFacts rowFacts)
    {
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            foreach (var analytic in analytics)
            {
                foreach (var change in analytic.AffectedBy(entry, rowFacts))
                {
                    changes.Add(change);
                }
            }
        }
    }

    private void FlushUnlessInTransaction(DbContext? context)
    {
        if (context is not null && context.Database.CurrentTransaction is null)
        {
            changes.Flush();
        }
    }
}
