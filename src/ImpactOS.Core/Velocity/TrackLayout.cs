namespace ImpactOS.Core.Velocity;

/// <summary>
/// A validated track: milestones sorted by order index plus an id → step index lookup.
/// Built once per computation and shared by every company.
/// </summary>
internal sealed class TrackLayout
{
    private readonly Dictionary<Guid, int> _indexById;

    private TrackLayout(TrackMilestone[] milestones, Dictionary<Guid, int> indexById)
    {
        Milestones = milestones;
        _indexById = indexById;
    }

    /// <summary>The track's milestones in ascending <see cref="TrackMilestone.OrderIndex"/>.</summary>
    public TrackMilestone[] Milestones { get; }

    public int Count => Milestones.Length;

    public bool TryGetIndex(Guid milestoneId, out int index) => _indexById.TryGetValue(milestoneId, out index);

    public static TrackLayout Create(IReadOnlyList<TrackMilestone> track)
    {
        ArgumentNullException.ThrowIfNull(track);

        var milestones = new TrackMilestone[track.Count];
        for (var i = 0; i < milestones.Length; i++)
        {
            milestones[i] = track[i] ?? throw new ArgumentException("The track contains a null milestone.", nameof(track));
        }

        // Stable sort (insertion sort: tracks have a handful of milestones).
        for (var i = 1; i < milestones.Length; i++)
        {
            var current = milestones[i];
            var j = i - 1;
            while (j >= 0 && milestones[j].OrderIndex > current.OrderIndex)
            {
                milestones[j + 1] = milestones[j];
                j--;
            }

            milestones[j + 1] = current;
        }

        var indexById = new Dictionary<Guid, int>(milestones.Length);
        for (var i = 0; i < milestones.Length; i++)
        {
            if (i > 0 && milestones[i - 1].OrderIndex == milestones[i].OrderIndex)
            {
                throw new ArgumentException(
                    $"Two milestones of the track share order index {milestones[i].OrderIndex}.", nameof(track));
            }

            if (!indexById.TryAdd(milestones[i].MilestoneId, i))
            {
                throw new ArgumentException(
                    $"Milestone {milestones[i].MilestoneId} appears twice in the track.", nameof(track));
            }
        }

        return new TrackLayout(milestones, indexById);
    }
}
