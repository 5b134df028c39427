using System.Text.Json;
using System.Text.Json.Serialization;
using ImpactOS.Core.Timeline;

namespace ImpactOS.Web.Features.Timeline;

/// <summary>How a kind of timeline entry is named and drawn: the API's word, the filter's label,
/// the screen reader's word, the icon and its colour. The one place each kind is spelled.</summary>
public sealed record TimelineKindLook(TimelineKind Kind, string Name, string Label, string Plural, string Icon, string Colour);

/// <summary>The timeline's kinds, end to end: <see cref="TimelineKind"/> from the core through the
/// use case and the view; only the API and the page's query string spell them as words.</summary>
public static class TimelineKinds
{
    private static readonly TimelineKindLook[] InOrder =
    [
        new TimelineKindLook(TimelineKind.Milestone, "milestone", "Milestone", "Milestones", "bi-star-fill", "text-star"),
        new TimelineKindLook(TimelineKind.Interaction, "interaction", "Interaction", "Interactions", "bi-calendar-event", "text-primary"),
        new TimelineKindLook(TimelineKind.Update, "update", "Update", "Updates", "bi-graph-up", "text-success"),
        new TimelineKindLook(TimelineKind.Program, "program", "Program", "Programs", "bi-flag", "text-secondary"),
    ];

    private static readonly IReadOnlyDictionary<TimelineKind, TimelineKindLook> Looks = InOrder.ToDictionary(l => l.Kind);

    /// <summary>Every kind, in the order the filters list them.</summary>
    public static readonly IReadOnlyList<TimelineKind> All = [.. InOrder.Select(l => l.Kind)];

    public static TimelineKindLook Of(TimelineKind kind) => Looks[kind];

    public static string Name(TimelineKind kind) => Looks[kind].Name;

    public static bool TryParse(string? name, out TimelineKind kind)
    {
        var look = Array.Find(InOrder, l => l.Name == name);
        kind = look?.Kind ?? default;
        return look is not null;
    }

    /// <summary>The icon of an entry: a program's exit has its own.</summary>
    public static string IconOf(TimelineItem item) => item is { Kind: TimelineKind.Program, SubKind: "left" } ? "bi-box-arrow-right" : Looks[item.Kind].Icon;
}

/// <summary>Writes a kind as the API has always spelled it ("milestone") and reads only those words.</summary>
public sealed class TimelineKindJsonConverter() : JsonStringEnumConverter<TimelineKind>(JsonNamingPolicy.CamelCase, allowIntegerValues: false);
