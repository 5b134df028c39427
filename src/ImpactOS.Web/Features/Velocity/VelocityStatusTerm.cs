using ImpactOS.Core.Velocity;

namespace ImpactOS.Web.Features.Velocity;

/// <summary>A velocity status as every surface spells it: the API's code (also the portfolio's
/// filter value and the suffix of the CSS classes), the word people read, the icon beside it and
/// the colour charts draw it in. Colour, icon and word go together: the status never rests on
/// colour alone. Adding a status means one more line here (and its CSS rules).</summary>
public sealed record VelocityStatusTerm(VelocityStatus Status, string Code, string Label, string Icon, string Colour)
{
    public static readonly VelocityStatusTerm Behind = new(VelocityStatus.Behind, "behind", "Behind", "bi-x-octagon-fill", "#d9534f");
    public static readonly VelocityStatusTerm AtRisk = new(VelocityStatus.AtRisk, "at_risk", "At risk", "bi-exclamation-triangle-fill", "#f0ad4e");
    public static readonly VelocityStatusTerm OnPace = new(VelocityStatus.OnPace, "on_pace", "On pace", "bi-check-circle-fill", "#2e9e5b");
    public static readonly VelocityStatusTerm NotEnoughData = new(VelocityStatus.NotEnoughData, "not_enough_data", "Not enough data", "bi-hourglass-split", "#adb5bd");
    public static readonly VelocityStatusTerm Complete = new(VelocityStatus.Complete, "complete", "Complete", "bi-trophy-fill", "#3d6bce");
    public static readonly VelocityStatusTerm Inactive = new(VelocityStatus.Inactive, "inactive", "Inactive", "bi-pause-circle", "#6c757d");
    public static readonly VelocityStatusTerm ShutDown = new(VelocityStatus.ShutDown, "shut_down", "Shut down", "bi-door-closed-fill", "#495057");
    public static readonly VelocityStatusTerm Acquired = new(VelocityStatus.Acquired, "acquired", "Acquired", "bi-bag-check-fill", "#7b4fa3");

    /// <summary>Every status, most severe first: the portfolio's "most behind first" order. Closed
    /// companies (shut down, acquired) come last: they have left the race, so never "behind".</summary>
    public static readonly IReadOnlyList<VelocityStatusTerm> All = [Behind, AtRisk, OnPace, NotEnoughData, Complete, Inactive, ShutDown, Acquired];

    /// <summary>Statuses the portfolio's summary shows only when some company has them.</summary>
    public bool ShownOnlyWhenAny => Status is VelocityStatus.Inactive or VelocityStatus.ShutDown or VelocityStatus.Acquired;

    /// <summary>The company closed (shut down or acquired).</summary>
    public bool Closed => Status is VelocityStatus.ShutDown or VelocityStatus.Acquired;

    /// <summary>The chip's class (<c>site.css</c>).</summary>
    public string ChipClass => "chip-" + Code;

    /// <summary>The class of the company's dot on the velocity band (<c>site.css</c>).</summary>
    public string DotClass => "status-" + Code;

    /// <summary>The company's open step is measured against its cohort (on pace, at risk, behind).</summary>
    public bool AgainstCohort => Status is VelocityStatus.OnPace or VelocityStatus.AtRisk or VelocityStatus.Behind;

    public static VelocityStatusTerm Of(VelocityStatus status) => All.First(t => t.Status == status);

    /// <summary>The term for an API code; an unknown one reads as inactive.</summary>
    public static VelocityStatusTerm Of(string code) => All.FirstOrDefault(t => t.Code == code) ?? Inactive;
}
