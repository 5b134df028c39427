using ImpactOS.Web.Data;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Tracks;

/// <param name="StandardMilestoneId">Lineage: the System Standard's milestone this step of a copy came from (null when none).</param>
public sealed record TrackMilestoneDto(Guid Id, string Title, string? Description, int OrderIndex, Guid? StandardMilestoneId = null);

public sealed record TrackDto(
    Guid Id,
    string Title,
    string? Description,
    bool IsSystemStandard,
    Guid? CopiedFromTrackId,
    string? CopiedFromTitle,
    int Companies,
    bool CanEdit,
    IReadOnlyList<TrackMilestoneDto> Milestones);

public sealed record TrackInput(string? Title, string? Description);

public sealed record CopyTrackInput(string? Title);

public sealed record MilestoneInput(string? Title, string? Description, int? OrderIndex = null);

public sealed record MilestoneOrderInput(IReadOnlyList<Guid>? MilestoneIds);

/// <summary>Tracks: the System Standards every tenant sees (edited by the platform operator only)
/// and each tenant's Custom Tracks (edited by its admins). Milestones that companies may have
/// reached are archived, never deleted. Every change checks the caller's role here, so the pages
/// and the API cannot differ.</summary>
public sealed class TrackCatalog(AppDbContext db, CurrentUser currentUser)
{
    public const int MaxTitle = 200;
    public const int MaxDescription = 2000;

    private const string OnlyEditors = "Only admins change tracks.";

    public async Task<IReadOnlyList<TrackDto>> ListAsync(CancellationToken cancellationToken)
    {
        var tracks = await db.MilestoneTracks.AsNoTracking()
            .OrderByDescending(t => t.IsSystemStandard).ThenBy(t => t.Title)
            .Select(t => new { t.Id, t.Title, t.Description, t.IsSystemStandard, t.TenantId, t.CopiedFromTrackId })
            .ToListAsync(cancellationToken);
        var ids = tracks.Select(t => t.Id).ToList();
        var milestones = (await db.MilestoneDefinitions.AsNoTracking()
                .Where(m => ids.Contains(m.TrackId))
                .OrderBy(m => m.OrderIndex)
                .Select(m => new { m.TrackId, Dto = new TrackMilestoneDto(m.Id, m.Title, m.Description, m.OrderIndex, m.StandardMilestoneId) })
                .ToListAsync(cancellationToken))
            .ToLookup(m => m.TrackId, m => m.Dto);
        var companies = currentUser.TenantId is null
            ? []
            : await db.Companies.AsNoTracking().GroupBy(c => c.MilestoneTrackId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var titles = tracks.ToDictionary(t => t.Id, t => t.Title);
        return tracks.Select(t => new TrackDto(
            t.Id, t.Title, t.Description, t.IsSystemStandard, t.CopiedFromTrackId,
            t.CopiedFromTrackId is { } from ? titles.GetValueOrDefault(from) : null,
            companies.GetValueOrDefault(t.Id),
            CanEdit(t.TenantId),
            milestones[t.Id].ToList())).ToList();
    }

    /// <summary>A visible track's title; null when it is not there for this user.</summary>
    public Task<string?> TitleAsync(Guid id, CancellationToken cancellationToken) =>
        db.MilestoneTracks.AsNoTracking().Where(t => t.Id == id).Select(t => t.Title).FirstOrDefaultAsync(cancellationToken);

    public async Task<Outcome<TrackDto>> GetAsync(Guid id, CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(t => t.Id == id) is { } track ? track : Failure.NotFound();

    public async Task<Outcome<TrackDto>> CreateAsync(TrackInput input, CancellationToken cancellationToken)
    {
        if (!currentUser.MayEditTracks)
        {
            return Failure.Forbidden(OnlyEditors);
        }

        var errors = new ValidationErrors();
        var (title, description) = await ValidateTrackAsync(input, errors, except: null, cancellationToken);
        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        var track = new MilestoneTrack { Title = title!, Description = description, IsSystemStandard = currentUser.IsOperator, CreatedAt = db.UtcNow };
        db.MilestoneTracks.Add(track);
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(track.Id, cancellationToken);
    }

    /// <summary>"Copy and customize": a tenant-owned copy of any visible track, with its active
    /// milestones (new ids, same order) and its lineage kept.</summary>
    public async Task<Outcome<TrackDto>> CopyAsync(Guid id, CopyTrackInput input, CancellationToken cancellationToken)
    {
        if (!currentUser.MayEditTracks)
        {
            return Failure.Forbidden(OnlyEditors);
        }

        var source = await db.MilestoneTracks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (source is null)
        {
            return Failure.NotFound();
        }

        if (currentUser.TenantId is null)
        {
            return Failure.Forbidden("Copies belong to an organization.");
        }

        var errors = new ValidationErrors();
        var wanted = input.Title ?? await FreeCopyTitleAsync(source.Title, cancellationToken);
        var (title, _) = await ValidateTrackAsync(new TrackInput(wanted, source.Description), errors, except: null, cancellationToken);
        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        var now = db.UtcNow;
        var copy = new MilestoneTrack { Title = title!, Description = source.Description, CopiedFromTrackId = source.Id, CreatedAt = now };
        var steps = await db.MilestoneDefinitions.AsNoTracking().Where(m => m.TrackId == id).OrderBy(m => m.OrderIndex).ToListAsync(cancellationToken);
        // Lineage: a step of a standard links to itself, a step of a copy passes its link on.
        copy.Milestones.AddRange(steps.Select((m, i) => new MilestoneDefinition
        {
            Title = m.Title, Description = m.Description, OrderIndex = i + 1, CreatedAt = now,
            StandardMilestoneId = source.IsSystemStandard ? m.Id : m.StandardMilestoneId,
        }));
        db.MilestoneTracks.Add(copy);
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(copy.Id, cancellationToken);
    }

    public async Task<Outcome<TrackDto>> UpdateAsync(Guid id, TrackInput input, CancellationToken cancellationToken)
    {
        var track = await EditableAsync(id, cancellationToken);
        if (track.Failure is { } failure)
        {
            return failure;
        }

        var errors = new ValidationErrors();
        var (title, description) = await ValidateTrackAsync(input, errors, except: id, cancellationToken);
        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        track.Value!.Title = title!;
        track.Value.Description = description;
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(id, cancellationToken);
    }

    /// <summary>Adds a milestone at <see cref="MilestoneInput.OrderIndex"/> (1 = first), shifting
    /// the rest; without a position it is appended.</summary>
    public async Task<Outcome<TrackDto>> AddMilestoneAsync(Guid trackId, MilestoneInput input, CancellationToken cancellationToken)
    {
        var track = await EditableAsync(trackId, cancellationToken);
        if (track.Failure is { } failure)
        {
            return failure;
        }

        var steps = await ActiveStepsAsync(trackId, cancellationToken);
        var errors = new ValidationErrors();
        var (title, description) = CheckMilestone(errors, input, steps);
        if (input.OrderIndex is < 1 || input.OrderIndex > steps.Count + 1)
        {
            errors.Add("orderIndex", $"Between 1 and {steps.Count + 1}.");
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        var position = (input.OrderIndex ?? steps.Count + 1) - 1;
        var added = new MilestoneDefinition { TrackId = trackId, TenantId = track.Value!.TenantId, Title = title!, Description = description, CreatedAt = db.UtcNow };
        steps.Insert(position, added);
        db.MilestoneDefinitions.Add(added);
        Renumber(steps);
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(trackId, cancellationToken);
    }

    public async Task<Outcome<TrackDto>> UpdateMilestoneAsync(Guid trackId, Guid milestoneId, MilestoneInput input, CancellationToken cancellationToken)
    {
        var track = await EditableAsync(trackId, cancellationToken);
        if (track.Failure is { } failure)
        {
            return failure;
        }

        var steps = await ActiveStepsAsync(trackId, cancellationToken);
        var milestone = steps.FirstOrDefault(s => s.Id == milestoneId);
        if (milestone is null)
        {
            return Failure.NotFound();
        }

        var errors = new ValidationErrors();
        var (title, description) = CheckMilestone(errors, input, steps.Where(s => s.Id != milestoneId));

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        milestone.Title = title!;
        milestone.Description = description;
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(trackId, cancellationToken);
    }

    /// <summary>The rules of a milestone's own fields, the same when it is added and when it is
    /// renamed: a title no other active step of the track has (compared without case), a description.</summary>
    private static (string? Title, string? Description) CheckMilestone(ValidationErrors errors, MilestoneInput input, IEnumerable<MilestoneDefinition> otherSteps)
    {
        var title = errors.Text("title", input.Title, MaxTitle, required: true);
        var description = errors.Text("description", input.Description, MaxDescription, multiline: true);
        if (title is not null && otherSteps.Any(s => string.Equals(s.Title, title, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add("title", "The track already has a milestone with this title.");
        }

        return (title, description);
    }

    /// <summary>Saves a complete new order: exactly the track's active milestones, each once.</summary>
    public async Task<Outcome<TrackDto>> ReorderAsync(Guid trackId, MilestoneOrderInput input, CancellationToken cancellationToken)
    {
        var track = await EditableAsync(trackId, cancellationToken);
        if (track.Failure is { } failure)
        {
            return failure;
        }

        var steps = await ActiveStepsAsync(trackId, cancellationToken);
        var order = input.MilestoneIds ?? [];
        if (order.Count != steps.Count || order.Distinct().Count() != order.Count || !order.All(id => steps.Any(s => s.Id == id)))
        {
            return Failure.Invalid("milestoneIds", "Give every active milestone of the track exactly once, in the new order.");
        }

        Renumber(order.Select(id => steps.First(s => s.Id == id)).ToList());
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(trackId, cancellationToken);
    }

    /// <summary>Moves one milestone one place up or down (the pages' buttons), as a complete order.</summary>
    public async Task<Outcome<TrackDto>> MoveAsync(Guid trackId, Guid milestoneId, int by, CancellationToken cancellationToken)
    {
        var steps = await ActiveStepsAsync(trackId, cancellationToken);
        var index = steps.FindIndex(s => s.Id == milestoneId);
        if (index < 0)
        {
            return Failure.NotFound();
        }

        var target = Math.Clamp(index + by, 0, steps.Count - 1);
        var ids = steps.Select(s => s.Id).ToList();
        ids.RemoveAt(index);
        ids.Insert(target, milestoneId);
        db.ChangeTracker.Clear();
        return await ReorderAsync(trackId, new MilestoneOrderInput(ids), cancellationToken);
    }

    /// <summary>Archives a milestone: it leaves the track's roadmap and statistics; achievements that
    /// refer to it stay in every company's history.</summary>
    public async Task<Outcome<TrackDto>> ArchiveMilestoneAsync(Guid trackId, Guid milestoneId, CancellationToken cancellationToken)
    {
        var track = await EditableAsync(trackId, cancellationToken);
        if (track.Failure is { } failure)
        {
            return failure;
        }

        var steps = await ActiveStepsAsync(trackId, cancellationToken);
        var milestone = steps.FirstOrDefault(s => s.Id == milestoneId);
        if (milestone is null)
        {
            return Failure.NotFound();
        }

        milestone.ArchivedAt = db.UtcNow;
        steps.Remove(milestone);
        Renumber(steps);
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(trackId, cancellationToken);
    }

    /// <summary>The track's archived steps, newest archive first, for its editors to restore one.</summary>
    public async Task<IReadOnlyList<TrackMilestoneDto>> ArchivedMilestonesAsync(Guid trackId, CancellationToken cancellationToken) =>
        await db.MilestoneDefinitions.IgnoreQueryFilters([QueryFilters.Archived]).AsNoTracking()
            .Where(m => m.TrackId == trackId && m.ArchivedAt != null)
            .OrderByDescending(m => m.ArchivedAt).ThenBy(m => m.Id)
            .Select(m => new TrackMilestoneDto(m.Id, m.Title, m.Description, m.OrderIndex))
            .ToListAsync(cancellationToken);

    /// <summary>Restores an archived step at the end of the track (its old place may mean something
    /// else now; the editor can move it). Achievements that refer to it count again.</summary>
    public async Task<Outcome<TrackDto>> RestoreMilestoneAsync(Guid trackId, Guid milestoneId, CancellationToken cancellationToken)
    {
        var track = await EditableAsync(trackId, cancellationToken);
        if (track.Failure is { } failure)
        {
            return failure;
        }

        var milestone = await db.MilestoneDefinitions.IgnoreQueryFilters([QueryFilters.Archived])
            .FirstOrDefaultAsync(m => m.Id == milestoneId && m.TrackId == trackId && m.ArchivedAt != null, cancellationToken);
        if (milestone is null)
        {
            return Failure.NotFound();
        }

        var steps = await ActiveStepsAsync(trackId, cancellationToken);
        if (steps.Any(s => string.Equals(s.Title, milestone.Title, StringComparison.OrdinalIgnoreCase)))
        {
            return Failure.Conflict($"The track already has a step titled “{milestone.Title}”; rename that one first.");
        }

        milestone.ArchivedAt = null;
        steps.Add(milestone);
        Renumber(steps);
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(trackId, cancellationToken);
    }

    private bool CanEdit(Guid? trackTenant) => trackTenant is null ? currentUser.IsOperator : currentUser.IsAdmin;

    private sealed record Editable(MilestoneTrack? Value, Failure? Failure);

    /// <summary>The track, if this user may change it: System Standards only the platform operator,
    /// Custom Tracks only their organization's admins.</summary>
    private async Task<Editable> EditableAsync(Guid id, CancellationToken cancellationToken)
    {
        var track = await db.MilestoneTracks.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (track is null)
        {
            return new Editable(null, Failure.NotFound());
        }

        return CanEdit(track.TenantId)
            ? new Editable(track, null)
            : new Editable(null, Failure.Forbidden(track.TenantId is null ? "System Standards are read-only; copy one to customize it." : OnlyEditors));
    }

    private async Task<List<MilestoneDefinition>> ActiveStepsAsync(Guid trackId, CancellationToken cancellationToken) =>
        await db.MilestoneDefinitions.Where(m => m.TrackId == trackId).OrderBy(m => m.OrderIndex).ThenBy(m => m.CreatedAt).ToListAsync(cancellationToken);

    private static void Renumber(List<MilestoneDefinition> steps)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            steps[i].OrderIndex = i + 1;
        }
    }

    private async Task<(string? Title, string? Description)> ValidateTrackAsync(TrackInput input, ValidationErrors errors, Guid? except, CancellationToken cancellationToken)
    {
        var title = errors.Text("title", input.Title, MaxTitle, required: true);
        var description = errors.Text("description", input.Description, MaxDescription, multiline: true);
        if (title is not null)
        {
            var lower = title.ToLowerInvariant();
            if (await db.MilestoneTracks.AnyAsync(t => t.Title.ToLower() == lower && t.Id != except, cancellationToken))
            {
                errors.Add("title", "Another track has this title.");
            }
        }

        return (title, description);
    }

    private async Task<string> FreeCopyTitleAsync(string title, CancellationToken cancellationToken)
    {
        var titles = (await db.MilestoneTracks.AsNoTracking().Select(t => t.Title.ToLower()).ToListAsync(cancellationToken)).ToHashSet();
        var candidate = $"{title} (copy)";
        for (var n = 2; titles.Contains(candidate.ToLowerInvariant()); n++)
        {
            candidate = $"{title} (copy {n})";
        }

        return candidate.Length <= MaxTitle ? candidate : candidate[..MaxTitle];
    }
}
