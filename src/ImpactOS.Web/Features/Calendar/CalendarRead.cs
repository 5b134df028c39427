using ImpactOS.Web.Features.Imports;
using ImpactOS.Web.Features.Timeline;

namespace ImpactOS.Web.Features.Calendar;

/// <summary>How much of a calendar file is read. The file size is the CSV import's; summary and
/// description are capped to what an interaction keeps as subject and notes.</summary>
public sealed record CalendarReadLimits
{
    public long MaxBytes { get; init; } = MilestoneImport.MaxBytes;

    /// <summary>Occurrences one recurring event (one UID) gives at most, counted from its DTSTART.</summary>
    public int MaxOccurrencesPerSeries { get; init; } = 500;

    /// <summary>Occurrences the whole file gives at most.</summary>
    public int MaxOccurrences { get; init; } = 100_000;

    public int SummaryMaxLength { get; init; } = InteractionLog.SubjectMaxLength;

    public int DescriptionMaxLength { get; init; } = InteractionLog.NotesMaxLength;

    public static CalendarReadLimits Default { get; } = new();
}

/// <summary>One meeting as the file gives it, normalized. <see cref="Uid"/> with
/// <see cref="RecurrenceId"/> is its stable key: null for a single event, the occurrence's original
/// start (UTC) for an occurrence of a recurring one, the same whether the occurrence was expanded
/// from the rule or moved by an exception (a VEVENT with that RECURRENCE-ID).</summary>
public sealed record CalendarOccurrence(
    string Uid,
    DateTime? RecurrenceId,
    int Sequence,
    string Summary,
    string? Description,
    DateTime StartUtc,
    bool AllDay,
    string? Organizer,
    IReadOnlyList<string> Attendees,
    string? Status,
    int Line);

/// <summary>Why a file was refused; <see cref="Line"/> (1-based) is where, null when the whole file
/// is at fault (too large).</summary>
public sealed record CalendarFileError(int? Line, string Message);

/// <summary>What reading a calendar file gave: its occurrences, or (all or nothing) an error and none.</summary>
public sealed record CalendarReadResult
{
    public IReadOnlyList<CalendarOccurrence> Occurrences { get; init; } = [];

    public CalendarFileError? Error { get; init; }

    /// <summary>Cancelled events and cancelled occurrences left out.</summary>
    public int Cancelled { get; init; }

    /// <summary>Events left out because another with the same UID (and RECURRENCE-ID) has a higher SEQUENCE.</summary>
    public int Duplicates { get; init; }

    /// <summary>Single events and moved occurrences that start after now, left out (nothing has happened yet).</summary>
    public int Future { get; init; }

    /// <summary>UIDs of recurring events cut at <see cref="CalendarReadLimits.MaxOccurrencesPerSeries"/>.</summary>
    public IReadOnlyList<string> CappedSeries { get; init; } = [];

    /// <summary>True when the file gave more than <see cref="CalendarReadLimits.MaxOccurrences"/>.</summary>
    public bool CappedTotal { get; init; }

    public bool Ok => Error is null;

    public bool Capped => CappedTotal || CappedSeries.Count > 0;

    public static CalendarReadResult Failed(int? line, string message) => new() { Error = new CalendarFileError(line, message) };
}
