using System.Net;
using System.Net.Http.Json;
using ImpactOS.Web.Features.Imports;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Tests.Infrastructure;
using ImpactOS.Web.Tests.Users;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Tests.Forms;

/// <summary>Every form, posted wrong as a browser without JavaScript would: the page comes back
/// with each error beside its field (the summary naming it), what was typed still there, and
/// nothing saved.</summary>
public sealed class FormErrorTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static string InDays(int days) => DateOnly.FromDateTime(DateTime.UtcNow.AddDays(days)).ToString("yyyy-MM-dd");

    private static async Task<string> FormBackAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task ANewCompanyWithoutANameAndAnImpossibleDateComesBackWithBothErrorsAndTheTypedDate()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await BrowserSession.SignInAsync(factory, tenant.CoachEmail);
        var before = await tenant.InScopeAsync(async (_, db) => await db.Companies.CountAsync());

        var html = await FormBackAsync(await coach.PostFormAsync("/Companies/New", null, new()
        {
            ["Input.Name"] = "",
            ["Input.Industry"] = "Robotics",
            ["Input.FoundedOn"] = "2026-02-31",
            ["Input.ExternalId"] = "ROBO-7",
        }));

        FormHtml.AssertErrorBeside(html, "Input_Name", "Name", "Required.");
        FormHtml.AssertErrorBeside(html, "Input_FoundedOn", "Founding date", "The value '2026-02-31' is not valid for Founding date.");
        FormHtml.AssertValue(html, "Input_FoundedOn", "2026-02-31");
        FormHtml.AssertValue(html, "Input_Industry", "Robotics");
        FormHtml.AssertValue(html, "Input_ExternalId", "ROBO-7");
        Assert.Contains("max=\"", FormHtml.Field(html, "Input_FoundedOn"), StringComparison.Ordinal);
        Assert.Equal(before, await tenant.InScopeAsync(async (_, db) => await db.Companies.CountAsync()));
    }

    [Fact]
    public async Task AnEditedCompanyFoundedInTheFutureComesBackWithTheErrorAndChangesNothing()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await BrowserSession.SignInAsync(factory, tenant.CoachEmail);
        var page = $"/Companies/{tenant.FounderCompanyId}/Edit";
        var name = await tenant.InScopeAsync(async (_, db) => await db.Companies.Where(c => c.Id == tenant.FounderCompanyId).Select(c => c.Name).SingleAsync());

        var html = await FormBackAsync(await coach.PostFormAsync(page, null, new()
        {
            ["Input.Name"] = "Renamed Co",
            ["Input.FoundedOn"] = InDays(30),
        }));

        FormHtml.AssertErrorBeside(html, "Input_FoundedOn", "Founding date", "Cannot be in the future.");
        FormHtml.AssertValue(html, "Input_FoundedOn", InDays(30));
        FormHtml.AssertValue(html, "Input_Name", "Renamed Co");
        Assert.Equal(name, await tenant.InScopeAsync(async (_, db) => await db.Companies.Where(c => c.Id == tenant.FounderCompanyId).Select(c => c.Name).SingleAsync()));
    }

    [Fact]
    public async Task AnInteractionWithoutASubjectOnADayToComeComesBackWithTheNotesKept()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await BrowserSession.SignInAsync(factory, tenant.CoachEmail);
        var page = $"/Companies/{tenant.FounderCompanyId}/Interactions/New";

        var html = await FormBackAsync(await coach.PostFormAsync(page, null, new()
        {
            ["Input.Kind"] = "call",
            ["Input.OccurredOn"] = InDays(3),
            ["Input.Subject"] = "",
            ["Input.Notes"] = "Kept after the error",
        }));

        FormHtml.AssertErrorBeside(html, "Input_Subject", "Subject", "Required.");
        FormHtml.AssertErrorBeside(html, "Input_OccurredOn", "When", "Cannot be in the future.");
        FormHtml.AssertValue(html, "Input_OccurredOn", InDays(3));
        Assert.Contains("Kept after the error</textarea>", html, StringComparison.Ordinal);
        Assert.Contains("max=\"", FormHtml.Field(html, "Input_OccurredOn"), StringComparison.Ordinal);
        Assert.Equal(0, await tenant.InScopeAsync(async (_, db) => await db.Interactions.CountAsync(i => i.CompanyId == tenant.FounderCompanyId)));
    }

    [Fact]
    public async Task AnUpdateWithoutAPeriodAndANegativeRevenueComesBackWithTheSummaryKept()
    {
        var tenant = await factory.CreateTenantAsync();
        using var founder = await BrowserSession.SignInAsync(factory, tenant.FounderEmail);
        var page = $"/Companies/{tenant.FounderCompanyId}/Updates/New";

        var html = await FormBackAsync(await founder.PostFormAsync(page, null, new()
        {
            ["Input.Period"] = "",
            ["Input.Summary"] = "Two pilots signed",
            ["Input.Revenue"] = "-5",
            ["Input.Headcount"] = "7",
        }));

        FormHtml.AssertErrorBeside(html, "Input_Period", "Period", "Required.");
        FormHtml.AssertErrorBeside(html, "Input_Revenue", "Revenue this period", "Between 0 and 1,000,000,000,000.");
        FormHtml.AssertValue(html, "Input_Revenue", "-5");
        FormHtml.AssertValue(html, "Input_Headcount", "7");
        Assert.Contains("Two pilots signed</textarea>", html, StringComparison.Ordinal);
        Assert.Equal(0, await tenant.InScopeAsync(async (_, db) => await db.CompanyUpdates.CountAsync(u => u.CompanyId == tenant.FounderCompanyId)));
    }

    [Fact]
    public async Task AProgramEndingBeforeItStartsComesBackWithItsDatesAndCreatesNothing()
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await BrowserSession.SignInAsync(factory, tenant.AdminEmail);

        var html = await FormBackAsync(await admin.PostFormAsync("/Programs", null, new()
        {
            ["Input.Name"] = "",
            ["Input.StartsOn"] = "2027-01-10",
            ["Input.EndsOn"] = "2027-01-01",
        }));

        FormHtml.AssertErrorBeside(html, "Input_Name", "Name", "Required.");
        FormHtml.AssertErrorBeside(html, "Input_EndsOn", "Ends", "Cannot be before the start.");
        FormHtml.AssertValue(html, "Input_StartsOn", "2027-01-10");
        FormHtml.AssertValue(html, "Input_EndsOn", "2027-01-01");
        Assert.Contains("max=\"2200-12-31\"", FormHtml.Field(html, "Input_StartsOn"), StringComparison.Ordinal);
        Assert.Equal(0, await tenant.InScopeAsync(async (_, db) => await db.Programs.CountAsync()));
    }

    [Fact]
    public async Task AnEditedProgramWithoutANameComesBackWithItsDescriptionAndKeepsItsName()
    {
        var tenant = await factory.CreateTenantAsync();
        using var api = await tenant.AdminAsync();
        var created = await (await api.PostAsJsonAsync("/api/v1/programs", new { name = "Spring cohort" })).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        using var admin = await BrowserSession.SignInAsync(factory, tenant.AdminEmail);
        var page = $"/Programs/{id}/Edit";

        var html = await FormBackAsync(await admin.PostFormAsync(page, null, new()
        {
            ["Input.Name"] = "",
            ["Input.Description"] = "Kept after the error",
            ["Input.Version"] = created.GetProperty("version").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));

        FormHtml.AssertErrorBeside(html, "Input_Name", "Name", "Required.");
        Assert.Contains("Kept after the error</textarea>", html, StringComparison.Ordinal);
        Assert.Equal("Spring cohort", await tenant.InScopeAsync(async (_, db) => await db.Programs.Where(p => p.Id == id).Select(p => p.Name).SingleAsync()));
    }

    [Fact]
    public async Task AnEnrolmentWithoutACompanyOnADayToComeComesBackWithItsEndDateAndEnrolsNobody()
    {
        var tenant = await factory.CreateTenantAsync();
        using var api = await tenant.AdminAsync();
        var id = (await (await api.PostAsJsonAsync("/api/v1/programs", new { name = "Spring cohort" })).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
        using var coach = await BrowserSession.SignInAsync(factory, tenant.CoachEmail);
        var page = $"/Programs/{id}";

        var html = await FormBackAsync(await coach.PostFormAsync(page, page + "?handler=Enrol", new()
        {
            ["CompanyId"] = "",
            ["EnrolledOn"] = InDays(5),
            ["ExitedOn"] = InDays(90),
        }));

        FormHtml.AssertErrorBeside(html, "companyId", "Company", "Choose a company of this organization.");
        FormHtml.AssertErrorBeside(html, "enrolledOn", "From", "Cannot be in the future.");
        FormHtml.AssertValue(html, "enrolledOn", InDays(5));
        FormHtml.AssertValue(html, "exitedOn", InDays(90));
        Assert.Equal(0, await tenant.InScopeAsync(async (_, db) => await db.ProgramEnrollments.CountAsync()));
    }

    [Fact]
    public async Task ANewTrackWithoutATitleComesBackWithItsDescription()
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await BrowserSession.SignInAsync(factory, tenant.AdminEmail);
        var before = await tenant.InScopeAsync(async (_, db) => await db.MilestoneTracks.CountAsync());

        var html = await FormBackAsync(await admin.PostFormAsync("/Tracks", "/Tracks?handler=Create", new()
        {
            ["Input.Title"] = "",
            ["Input.Description"] = "Kept after the error",
        }));

        FormHtml.AssertErrorBeside(html, "Input_Title", "Title", "Required.");
        FormHtml.AssertValue(html, "Input_Description", "Kept after the error");
        Assert.Equal(before, await tenant.InScopeAsync(async (_, db) => await db.MilestoneTracks.CountAsync()));
    }

    [Fact]
    public async Task AStepAddedWithoutATitleOrRenamedToATakenOneComesBackInItsOwnFormWithWhatWasTyped()
    {
        var tenant = await factory.CreateTenantAsync();
        using var api = await tenant.AdminAsync();
        var copy = await (await api.PostAsJsonAsync($"/api/v1/tracks/{SystemStandards.SaaS}/copy", new { })).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var trackId = copy.GetProperty("id").GetGuid();
        var steps = copy.GetProperty("milestones").EnumerateArray().ToList();
        var second = steps[1].GetProperty("id").GetGuid();
        var firstTitle = steps[0].GetProperty("title").GetString()!;
        using var admin = await BrowserSession.SignInAsync(factory, tenant.AdminEmail);
        var page = $"/Tracks/{trackId}";

        var added = await FormBackAsync(await admin.PostFormAsync(page, page + "?handler=Add", new() { ["Title"] = "", ["Description"] = "Kept after the error" }));
        FormHtml.AssertErrorBeside(added, "new-title", "Title", "Required.");
        FormHtml.AssertValue(added, "new-description", "Kept after the error");
        Assert.DoesNotContain("is-invalid", FormHtml.Field(added, "track-title"), StringComparison.Ordinal);

        var renamed = await FormBackAsync(await admin.PostFormAsync(page, page + "?handler=Rename", new() { ["MilestoneId"] = second.ToString(), ["Title"] = firstTitle, ["Description"] = "Typed" }));
        FormHtml.AssertErrorBeside(renamed, $"title-{second}", "Title", "The track already has a milestone with this title.");
        FormHtml.AssertValue(renamed, $"desc-{second}", "Typed");
        Assert.DoesNotContain("is-invalid", FormHtml.Field(renamed, "new-title"), StringComparison.Ordinal);
        Assert.Equal(steps.Count, await tenant.InScopeAsync(async (_, db) => await db.MilestoneDefinitions.CountAsync(m => m.TrackId == trackId)));
        Assert.Equal(steps[1].GetProperty("title").GetString(), await tenant.InScopeAsync(async (_, db) => await db.MilestoneDefinitions.Where(m => m.Id == second).Select(m => m.Title).SingleAsync()));
    }

    [Fact]
    public async Task APersonAddedWithAnEmailInUseIsToldOnceBesideTheEmailAndTheSummaryNamesIt()
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await BrowserSession.SignInAsync(factory, tenant.AdminEmail);
        var before = await tenant.InScopeAsync(async (_, db) => await db.Users.CountAsync());

        var html = await FormBackAsync(await admin.PostFormAsync("/Settings", "/Settings?handler=AddUser", new()
        {
            ["NewUser.DisplayName"] = "Kept After",
            ["NewUser.Email"] = tenant.CoachEmail,
            ["NewUser.Password"] = "a-long-enough-password",
            ["NewUser.Role"] = "coach",
        }));

        FormHtml.AssertErrorBeside(html, "NewUser_Email", "Email", "This email is already in use.");
        // Beside the field, and in the summary after the field's name: never a second bare copy.
        Assert.Equal(2, FormHtml.Count(html, "This email is already in use."));
        Assert.Equal(1, FormHtml.Count(html, "Email</a>: This email is already in use."));
        FormHtml.AssertValue(html, "NewUser_DisplayName", "Kept After");
        FormHtml.AssertValue(html, "NewUser_Email", tenant.CoachEmail);
        Assert.DoesNotContain("a-long-enough-password", html, StringComparison.Ordinal);
        Assert.Equal(before, await tenant.InScopeAsync(async (_, db) => await db.Users.CountAsync()));
    }

    [Fact]
    public async Task AnImportWithoutAFileOrWithOneOver50MegabytesComesBackWithTheMessageBesideTheFileField()
    {
        var tenant = await factory.CreateTenantAsync();
        using var coach = await BrowserSession.SignInAsync(factory, tenant.CoachEmail);

        var empty = await FormBackAsync(await coach.PostMultipartAsync("/Imports", "/Imports?handler=Preview", [], "file", "empty.csv", []));
        FormHtml.AssertErrorBeside(empty, "file", "CSV file", "Choose a CSV file that is not empty.");

        var oversized = new byte[MilestoneImport.MaxBytes + 1];
        "company,milestone,achieved_at\n"u8.CopyTo(oversized);
        var big = await FormBackAsync(await coach.PostMultipartAsync("/Imports", "/Imports?handler=Preview", [], "file", "big.csv", oversized));
        FormHtml.AssertErrorBeside(big, "file", "CSV file", Web.Features.Imports.IndexModel.TooLarge);
        Assert.Contains($"data-max-bytes=\"{MilestoneImport.MaxBytes}\"", FormHtml.Field(big, "file"), StringComparison.Ordinal);
        Assert.Equal(0, await tenant.InScopeAsync(async (_, db) => await db.CompanyMilestones.CountAsync()));
    }
}
