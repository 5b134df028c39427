namespace ImpactOS.Web.Features.Demo;

/// <summary>Where a demo company is meant to stand today against its track's cohort.</summary>
internal enum DemoPace
{
    OnPace,
    AtRisk,
    Behind,
    Complete,
}

/// <summary>A demo company and the part of its track it has covered: <paramref name="Reached"/>
/// milestones achieved, and where its open step stands (or complete: every milestone reached).</summary>
internal sealed record DemoCompany(string Name, string Industry, Guid Track, int Reached, DemoPace Pace)
{
    public static DemoCompany Open(string name, string industry, Guid track, int reached, DemoPace pace) => new(name, industry, track, reached, pace);

    public static DemoCompany Complete(string name, string industry, Guid track) => new(name, industry, track, int.MaxValue, DemoPace.Complete);
}

/// <summary>One intake of a program: companies join on <see cref="Opens"/> and leave on
/// <see cref="Closes"/> (still inside when it is empty or in the future).</summary>
internal sealed record DemoIntake(DateOnly Opens, DateOnly? Closes);

/// <summary>A program of the demo. A company joins at most one intake of a <paramref name="Series"/>
/// (one accelerator cohort, one Scale Lab stay): the first that opens while it has reached between
/// <paramref name="MinReached"/> and <paramref name="MaxReached"/> milestones; <paramref name="Share"/>
/// of the companies that could join do. <paramref name="Track"/> narrows it to one track.</summary>
internal sealed record DemoProgram(
    string Name,
    string Description,
    string Series,
    IReadOnlyList<DemoIntake> Intakes,
    int MinReached,
    int MaxReached,
    double Share,
    Guid? Track = null)
{
    public DateOnly StartsOn => Intakes.Min(i => i.Opens);

    /// <summary>Open-ended while any intake is.</summary>
    public DateOnly? EndsOn => Intakes.Any(i => i.Closes is null) ? null : Intakes.Max(i => i.Closes);

    /// <summary>An accelerator cohort: one intake of <paramref name="weeks"/> weeks, named after its season.</summary>
    public static DemoProgram Cohort(DateOnly opens, int weeks, string description, double share) =>
        new($"{Season(opens)} {opens.Year} Cohort", description, "cohort", [new DemoIntake(opens, opens.AddDays(7 * weeks))], 0, 3, share);

    private static string Season(DateOnly day) => day.Month switch
    {
        3 or 4 or 5 => "Spring",
        6 or 7 or 8 => "Summer",
        9 or 10 or 11 => "Fall",
        _ => "Winter",
    };
}

/// <summary>How long the steps of the demo's tracks typically take, in days, by milestone title
/// (so a copied and renamed track keeps the figures of the steps it kept). Drawn from the published
/// figures in the track design notes: a SaaS Series A some four years in, a 510(k) in months, EU MDR in
/// a year or more.</summary>
internal static class DemoStepDays
{
    private const double Unknown = 150;

    private static readonly Dictionary<string, double> Days = new(StringComparer.Ordinal)
    {
        // SaaS Standard
        ["Business model hypothesis"] = 45,
        ["Problem Validation"] = 60,
        ["Problem–solution fit"] = 75,
        ["MVP live"] = 100,
        ["First paying customer"] = 75,
        ["Pre-seed / angel round closed"] = 120,
        ["Repeatable acquisition channel"] = 150,
        ["Product–market fit"] = 180,
        ["Seed round closed"] = 150,
        ["$1M ARR"] = 300,
        ["Series A closed"] = 330,

        // Hardware Standard (and Northstar's climate copy of it)
        ["Product requirements"] = 45,
        ["Proof of concept"] = 90,
        ["Alpha prototype"] = 120,
        ["Pilot commitments"] = 90,
        ["EVT complete"] = 150,
        ["DVT complete"] = 180,
        ["Certifications passed"] = 120,
        ["Safety and grid certifications passed"] = 150,
        ["Emissions impact verified"] = 150,
        ["PVT complete"] = 150,
        ["Mass production and first commercial shipment"] = 180,
        ["Repeat volume orders"] = 240,
        ["Seed / Series A closed"] = 240,

        // MedTech Standard
        ["Clinical need and regulatory strategy"] = 60,
        ["Bench / animal proof of concept"] = 150,
        ["Quality system started"] = 90,
        ["FDA Pre-Submission feedback"] = 120,
        ["Design verification and validation"] = 240,
        ["First-in-human / pilot study"] = 240,
        ["Pivotal study complete"] = 365,
        ["ISO 13485 certified"] = 120,
        ["Regulatory submission filed"] = 90,
        ["FDA clearance / approval"] = 170,
        ["CE marking under EU MDR"] = 240,
        ["First commercial sale and reimbursement code"] = 150,
    };

    /// <summary>The milestones after which a company has revenue to report in its updates.</summary>
    private static readonly HashSet<string> FirstRevenue = new(StringComparer.Ordinal)
    {
        "First paying customer", "Pilot commitments", "First commercial sale and reimbursement code",
    };

    public static double Of(string milestone) => Days.GetValueOrDefault(milestone, Unknown);

    public static bool BringsRevenue(string milestone) => FirstRevenue.Contains(milestone);
}
