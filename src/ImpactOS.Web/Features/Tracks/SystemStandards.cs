using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Tracks;

/// <summary>The three System Standard tracks every tenant sees. Seeded by migration with stable
/// ids, so a later migration can amend them; after that only the platform operator edits them.</summary>
public static class SystemStandards
{
    public static readonly Guid SaaS = TrackId(1);
    public static readonly Guid Hardware = TrackId(2);
    public static readonly Guid MedTech = TrackId(3);

    public const string DefaultTrackTitle = "SaaS Standard";

    /// <summary>When the standards were first published (a fixed instant keeps the seed stable).</summary>
    private static readonly DateTime Published = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static Guid TrackId(int track) => Guid.Parse($"a0000000-0000-4000-8000-{track:D12}");

    public static Guid MilestoneId(Guid track, int order)
    {
        var trackNo = track == SaaS ? 1 : track == Hardware ? 2 : 3;
        return Guid.Parse($"a0000000-0000-4000-80{trackNo:D2}-{order:D12}");
    }

    private static readonly (Guid Track, string Title, string Description, (string Title, string Description)[] Steps)[] Tracks =
    [
        (SaaS, DefaultTrackTitle,
            "Software-as-a-service: from a business model hypothesis to a Series A (Steve Blank's Investment Readiness Levels, Startup Genome stages).",
            [
                ("Business model hypothesis", "A first business model canvas; market size and competition sized (IRL 1–2)."),
                ("Problem Validation", "Documented customer discovery interviews confirm a painful problem (IRL 3)."),
                ("Problem–solution fit", "Target customers confirm the proposed solution solves it."),
                ("MVP live", "A minimum viable product in real users' hands (IRL 4)."),
                ("First paying customer", "A signed contract or a paid invoice."),
                ("Pre-seed / angel round closed", "A first outside round (pre-seed or angel) has closed and the money is in the bank."),
                ("Repeatable acquisition channel", "One channel acquires customers predictably at a known cost (IRL 6)."),
                ("Product–market fit", "Retention flattens; at least 40% of users would be \"very disappointed\" without it (IRL 5, 8)."),
                ("Seed round closed", "A priced or SAFE seed round has closed."),
                ("$1M ARR", "Annual recurring revenue has reached one million US dollars (or equivalent)."),
                ("Series A closed", "A Series A round has closed (IRL 9)."),
            ]),
        (Hardware, "Hardware Standard",
            "Physical products: from requirements through EVT/DVT/PVT builds to volume orders (NASA Technology Readiness Levels).",
            [
                ("Product requirements", "A written PRD with target cost and key specifications (TRL 2)."),
                ("Proof of concept", "A works-like prototype demonstrates the core function (TRL 3–4)."),
                ("Alpha prototype", "A looks-like/works-like prototype, tested with users (TRL 5–6)."),
                ("Pilot commitments", "Letters of intent, paid pilots or pre-orders."),
                ("EVT complete", "Engineering validation build (tens of units) meets functional specifications."),
                ("DVT complete", "Design validation build on near-final tooling; reliability and pre-compliance; design frozen."),
                ("Certifications passed", "FCC / CE / UL certifications as the product requires."),
                ("PVT complete", "Production validation build; line, yield and process validated."),
                ("Mass production and first commercial shipment", "Units built at volume and shipped to paying customers (TRL 9)."),
                ("Repeat volume orders", "Customers have re-ordered at volume."),
                ("Seed / Series A closed", "A seed or Series A round has closed."),
            ]),
        (MedTech, "MedTech Standard",
            "Medical devices: from clinical need through FDA and EU MDR to first sales (US Army MRMC TRLs for medical devices, FDA/EU regulation).",
            [
                ("Clinical need and regulatory strategy", "Intended use, device class and pathway chosen (510(k), De Novo or PMA; EU MDR class)."),
                ("Bench / animal proof of concept", "Bench or animal studies show the device can work (MRMC TRL 3–4)."),
                ("Quality system started", "Design controls under 21 CFR 820 / ISO 13485 are in place."),
                ("FDA Pre-Submission feedback", "A Q-Sub meeting has been held and FDA feedback received."),
                ("Design verification and validation", "Safety, biocompatibility and software verification and validation done."),
                ("First-in-human / pilot study", "A first-in-human or pilot study has run, under an IDE where required (TRL 6)."),
                ("Pivotal study complete", "The pivotal clinical study is complete, where the pathway requires one (TRL 7–8)."),
                ("ISO 13485 certified", "The quality management system is certified to ISO 13485."),
                ("Regulatory submission filed", "The 510(k), De Novo request or PMA (or EU technical file) has been submitted."),
                ("FDA clearance / approval", "510(k) clearance, De Novo grant or PMA approval received."),
                ("CE marking under EU MDR", "CE marking obtained under the EU Medical Device Regulation."),
                ("First commercial sale and reimbursement code", "The first device has been sold and a reimbursement code is in place."),
            ]),
    ];

    internal static void Seed(ModelBuilder builder)
    {
        builder.Entity<MilestoneTrack>().HasData(Tracks.Select(t => new MilestoneTrack
        {
            Id = t.Track,
            TenantId = null,
            Title = t.Title,
            Description = t.Description,
            IsSystemStandard = true,
            CreatedAt = Published,
        }));
        builder.Entity<MilestoneDefinition>().HasData(Tracks.SelectMany(t => t.Steps.Select((step, i) => new MilestoneDefinition
        {
            Id = MilestoneId(t.Track, i + 1),
            TrackId = t.Track,
            TenantId = null,
            Title = step.Title,
            Description = step.Description,
            OrderIndex = i + 1,
            CreatedAt = Published,
        })));
    }
}
