using ImpactOS.Web.Data;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Tracks;

/// <summary>The tracks a tenant may put a company on, for pickers: System Standards first.</summary>
public sealed class TrackOptions(AppDbContext db)
{
    public async Task<IReadOnlyList<SelectListItem>> SelectListAsync(Guid? selected, CancellationToken cancellationToken)
    {
        var tracks = await db.MilestoneTracks.AsNoTracking()
            .OrderByDescending(t => t.IsSystemStandard).ThenBy(t => t.Title)
            .Select(t => new { t.Id, t.Title, t.IsSystemStandard })
            .ToListAsync(cancellationToken);
        var standard = new SelectListGroup { Name = "System Standards" };
        var custom = new SelectListGroup { Name = "Custom tracks" };
        return tracks.Select(t => new SelectListItem(t.Title, t.Id.ToString(), t.Id == selected) { Group = t.IsSystemStandard ? standard : custom }).ToList();
    }

    /// <summary>Whether the organization has a track of its own (a copy or one it made), the
    /// "pick tracks" first step.</summary>
    public Task<bool> AnyOwnTrackAsync(CancellationToken cancellationToken) =>
        db.MilestoneTracks.AsNoTracking().AnyAsync(t => !t.IsSystemStandard, cancellationToken);
}
