using ImpactOS.Web.Data;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Tracks;

/// <summary>The tracks a tenant may put a company on, for pickers: System Standards first.</summary>
public sealed class TrackOptions(AppDbContext db)
{
    /// <summary>The list's number among <see cref="PortfolioLookups"/>' lists.</summary>
    public const int List = 0;

    public async Task<IReadOnlyList<SelectListItem>> SelectListAsync(Guid? selected, CancellationToken cancellationToken) =>
        ToSelectList(await Rows(db).Ordered().ToListAsync(cancellationToken), selected);

    /// <summary>The tenant's tracks and the System Standards (listed first), unordered (see <see cref="PickerRows.Ordered"/>).</summary>
    public static IQueryable<PickerRow> Rows(AppDbContext db) =>
        db.MilestoneTracks.AsNoTracking().Select(t => new PickerRow { List = List, Id = t.Id, Name = t.Title, First = t.IsSystemStandard });

    /// <summary>Tracks grouped under "System Standards" and "Custom tracks".</summary>
    public static IReadOnlyList<SelectListItem> ToSelectList(IEnumerable<PickerRow> rows, Guid? selected)
    {
        var standard = new SelectListGroup { Name = "System Standards" };
        var custom = new SelectListGroup { Name = "Custom tracks" };
        return PickerRows.ToSelectList(rows, selected, r => r.First ? standard : custom);
    }

    /// <summary>Whether the organization has a track of its own (a copy or one it made), the
    /// "pick tracks" first step.</summary>
    public Task<bool> AnyOwnTrackAsync(CancellationToken cancellationToken) =>
        db.MilestoneTracks.AsNoTracking().AnyAsync(t => !t.IsSystemStandard, cancellationToken);
}
