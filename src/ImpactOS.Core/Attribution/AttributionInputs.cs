namespace ImpactOS.Core.Attribution;

/// <summary>A company's time in one program: [Start, End), open-ended while End is null.</summary>
public sealed record EnrollmentWindow(Guid ProgramId, DateTime Start, DateTime? End)
{
    public bool Contains(DateTime instant) => instant >= Start && (End is null || instant < End);
}

/// <summary>What attribution needs to know about one company: when its history starts, when it
/// was archived, its enrolment windows and the instants of its (current) achievements.</summary>
public sealed record CompanyExposure(
    Guid CompanyId,
    DateTime TrackStart,
    DateTime? ArchivedAt,
    IReadOnlyList<EnrollmentWindow> Enrollments,
    IReadOnlyList<DateTime> Achievements);

public sealed record ProgramInfo(Guid ProgramId, string Name);

/// <summary>The report period [From, To) as of an instant: From null = since the beginning, To
/// null = up to AsOf; nothing after AsOf is counted.</summary>
public sealed record ReportPeriod(DateTime? From, DateTime? To, DateTime AsOf)
{
    public DateTime Start => From ?? DateTime.MinValue;

    public DateTime End => To is { } to && to < AsOf ? to : AsOf;

    public bool Contains(DateTime instant) => instant >= Start && instant < End;
}
