using System.ComponentModel.DataAnnotations;

namespace ImpactOS.Web.Features.Companies;

/// <summary>The company form shared by the create and edit pages.</summary>
public sealed class CompanyForm
{
    [Display(Name = "Name")]
    public string? Name { get; set; }

    [Display(Name = "Industry")]
    public string? Industry { get; set; }

    [Display(Name = "Founding date")]
    [DataType(DataType.Date)]
    public DateOnly? FoundedOn { get; set; }

    [Display(Name = "Primary track")]
    public Guid? MilestoneTrackId { get; set; }

    [Display(Name = "External id")]
    public string? ExternalId { get; set; }

    [Display(Name = "Coach")]
    public Guid? CoachUserId { get; set; }

    [Display(Name = "Email domains")]
    public string? Domains { get; set; }

    public int? Version { get; set; }

    /// <summary>The form always shows every domain, so an empty field means none (not "unchanged").</summary>
    public CompanyInput ToInput(bool milestonesOn) =>
        new(Name, Industry, FoundedOn, milestonesOn ? MilestoneTrackId : null, ExternalId, Version, CoachUserId, CompanyDomains.Split(Domains));

    public static CompanyForm From(CompanyDto company) => new()
    {
        Name = company.Name,
        Industry = company.Industry,
        FoundedOn = company.FoundedOn,
        MilestoneTrackId = company.MilestoneTrackId,
        ExternalId = company.ExternalId,
        CoachUserId = company.CoachUserId,
        Domains = string.Join(" ", company.Domains),
        Version = company.Version,
    };
}
