using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Programs;
using ImpactOS.Web.Features.Tracks;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features;

/// <summary>The portfolio's three filter lists (tracks, programs, coaches) in one round trip: each
/// list's own query, from its own service, joined by UNION ALL and ordered once. The portfolio is
/// the busiest page; its round trips, not PostgreSQL's work, are what it costs (issue 20).</summary>
public sealed class PortfolioFilters(TrackOptions tracks, ProgramDirectory programs, CoachOptions coaches)
{
    public async Task<(IReadOnlyList<SelectListItem> Tracks, IReadOnlyList<SelectListItem> Programs, IReadOnlyList<SelectListItem> Coaches)> LoadAsync(
        Guid? track, Guid? program, Guid? coach, CancellationToken cancellationToken)
    {
        var rows = await tracks.Rows().Concat(programs.FilterRows()).Concat(coaches.Rows()).Ordered().ToListAsync(cancellationToken);
        return (
            TrackOptions.ToSelectList(rows.Where(r => r.List == TrackOptions.List), track),
            PickerRows.ToSelectList(rows.Where(r => r.List == ProgramDirectory.PickerList), program),
            PickerRows.ToSelectList(rows.Where(r => r.List == CoachOptions.List), coach));
    }
}
