using ImpactOS.Core.Velocity;

namespace ImpactOS.Core.Effects;

/// <summary>A company's enrolment in a program: [EnrolledOn, ExitedOn) at 00:00 UTC; open while ExitedOn is null.</summary>
public sealed record ProgramEnrolment(Guid ProgramId, DateOnly EnrolledOn, DateOnly? ExitedOn);

/// <summary>
/// One company on a track, for the program-effects data: its history (steps as in the velocity
/// analytics), its enrolments in any program and the instants of its meetings and calls.
/// </summary>
public sealed record CompanyEffectsInput(
    CompanyHistory History,
    IReadOnlyList<ProgramEnrolment> Enrolments,
    IReadOnlyList<DateTime> Meetings);

/// <summary>A track and its companies.</summary>
public sealed record TrackEffectsInput(
    Guid TrackId,
    IReadOnlyList<TrackMilestone> Milestones,
    IReadOnlyList<CompanyEffectsInput> Companies);

/// <summary>The company step (waiting period) a run of intervals belongs to, shared by them.</summary>
public sealed record CountingProcessStep(Guid CompanyId, Guid TrackId, Guid MilestoneId, int StepIndex);

/// <summary>
/// One interval (TStart, TStop] of one company step, in days since the step started, with the
/// covariates in force just after TStart. <see cref="Step"/> and <see cref="ProgramIds"/> are shared
/// between rows (ProgramIds sorted); a small struct, so a million rows are one array of 40-byte
/// values rather than a million objects.
/// </summary>
public readonly record struct CountingProcessRow(
    CountingProcessStep Step,
    double TStart,
    double TStop,
    bool Event,
    bool Enrolled,
    int Meetings90d,
    IReadOnlyList<Guid> ProgramIds)
{
    public Guid CompanyId => Step.CompanyId;

    public Guid TrackId => Step.TrackId;

    public Guid MilestoneId => Step.MilestoneId;

    public int StepIndex => Step.StepIndex;
}

/// <summary>Which covariates the Cox model gets besides <c>meetings_90d</c>.</summary>
public enum EffectsBy
{
    /// <summary><c>enrolled</c>: inside any program.</summary>
    Any,

    /// <summary>One indicator per program.</summary>
    Program,
}
