using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tenancy;

namespace ImpactOS.Web.Features;

/// <summary>What a new organization (no companies yet) sees on the portfolio instead of an empty
/// list: the steps to a working portfolio, each marked done once it is. Milestones come first,
/// because tracks and imports open only once they are on.</summary>
public sealed record FirstSteps(bool MilestonesOn, bool OwnTrack, bool IsAdmin, bool IsStaff)
{
    /// <summary>Asked only when the portfolio found no company, so a portfolio with companies pays
    /// no query for it.</summary>
    public static async Task<FirstSteps> LoadAsync(TrackOptions tracks, CurrentUser me, bool milestonesOn, CancellationToken ct) =>
        new(milestonesOn,
            milestonesOn && await tracks.AnyOwnTrackAsync(ct),
            me.IsAdmin,
            me.IsStaff);
}
