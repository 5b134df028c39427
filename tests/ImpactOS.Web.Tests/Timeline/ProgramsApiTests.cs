using System.Net;
using System.Net.Http.Json;
using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Timeline;

public sealed class ProgramsApiTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task AnAdminCreatesAProgramAndACoachEnrolsACompany()
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();
        using var coach = await tenant.CoachAsync();
        await coach.PostAsJsonAsync("/api/v1/programs", new { name = "Coach made" }).ShouldBeProblem(HttpStatusCode.Forbidden);
        var program = await (await admin.PostAsJsonAsync("/api/v1/programs", new { name = "Spring Cohort", startsOn = "2025-03-01", endsOn = "2025-06-01" }).ShouldBe(HttpStatusCode.Created)).JsonBody();
        var id = program.GetProperty("id").GetGuid();

        var enrolment = await (await coach.PostAsJsonAsync($"/api/v1/programs/{id}/enrollments", new { companyId = tenant.FounderCompanyId, enrolledOn = "2025-03-01" })
            .ShouldBe(HttpStatusCode.Created)).JsonBody();
        var enrolmentId = enrolment.GetProperty("id").GetGuid();
        var changed = await coach.PutAsJsonAsync($"/api/v1/programs/{id}/enrollments/{enrolmentId}", new { enrolledOn = "2025-03-01", exitedOn = "2025-06-01" }).Json200();
        Assert.Equal("2025-06-01", changed.GetProperty("exitedOn").GetString());

        var detail = await coach.GetAsync($"/api/v1/programs/{id}").Json200();
        Assert.Equal(1, detail.GetProperty("enrollments").GetArrayLength());
        var inProgram = await coach.GetAsync($"/api/v1/companies?programId={id}").Json200();
        Assert.Equal([tenant.FounderCompanyId], inProgram.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task EnrolmentWindowsMustMakeSense()
    {
        var tenant = await factory.CreateTenantAsync();
        var other = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();
        var id = (await (await admin.PostAsJsonAsync("/api/v1/programs", new { name = "Fall Cohort" }).ShouldBe(HttpStatusCode.Created)).JsonBody()).GetProperty("id").GetGuid();
        var route = $"/api/v1/programs/{id}/enrollments";

        await admin.PostAsJsonAsync(route, new { companyId = tenant.FounderCompanyId, enrolledOn = "2025-03-01", exitedOn = "2025-03-01" }).ShouldBeInvalid("exitedOn");
        await admin.PostAsJsonAsync(route, new { companyId = tenant.FounderCompanyId, enrolledOn = "2025-03-01", exitedOn = "2025-02-01" }).ShouldBeInvalid("exitedOn");
        await admin.PostAsJsonAsync(route, new { companyId = tenant.FounderCompanyId, enrolledOn = "2999-01-01" }).ShouldBeInvalid("enrolledOn");
        await admin.PostAsJsonAsync(route, new { companyId = other.FounderCompanyId, enrolledOn = "2025-03-01" }).ShouldBeInvalid("companyId");
        await admin.PostAsJsonAsync(route, new { companyId = tenant.FounderCompanyId, enrolledOn = "2025-03-01", exitedOn = "2025-06-01" }).ShouldBe(HttpStatusCode.Created);
        await admin.PostAsJsonAsync(route, new { companyId = tenant.FounderCompanyId, enrolledOn = "2025-05-01" }).ShouldBeInvalid("enrolledOn");
        await admin.PostAsJsonAsync(route, new { companyId = tenant.FounderCompanyId, enrolledOn = "2025-06-01" }).ShouldBe(HttpStatusCode.Created);
        await admin.PostAsJsonAsync("/api/v1/programs", new { name = "Backwards", startsOn = "2025-06-01", endsOn = "2025-03-01" }).ShouldBeInvalid("endsOn");

        using var otherAdmin = await other.AdminAsync();
        await otherAdmin.GetAsync($"/api/v1/programs/{id}").ShouldBeProblem(HttpStatusCode.NotFound);
        await otherAdmin.PostAsJsonAsync(route, new { companyId = other.FounderCompanyId, enrolledOn = "2025-03-01" }).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnAdminChangesAProgramsNameDatesAndDescription()
    {
        var tenant = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();
        var id = (await (await admin.PostAsJsonAsync("/api/v1/programs", new { name = "Draft Cohort" }).ShouldBe(HttpStatusCode.Created)).JsonBody()).GetProperty("id").GetGuid();

        var changed = await admin.PutAsJsonAsync($"/api/v1/programs/{id}", new { name = "Summer Cohort", description = "Ten weeks", startsOn = "2025-06-01", endsOn = "2025-08-15", version = 0 }).Json200();

        Assert.Equal("Summer Cohort", changed.GetProperty("name").GetString());
        Assert.Equal("Ten weeks", changed.GetProperty("description").GetString());
        Assert.Equal("2025-08-15", changed.GetProperty("endsOn").GetString());
        var read = await admin.GetAsync($"/api/v1/programs/{id}").Json200();
        Assert.Equal("2025-06-01", read.GetProperty("program").GetProperty("startsOn").GetString());
    }

    [Fact]
    public async Task AProgramEditThatBreaksTheRulesIsRefusedAndChangesNothing()
    {
        var tenant = await factory.CreateTenantAsync();
        var other = await factory.CreateTenantAsync();
        using var admin = await tenant.AdminAsync();
        using var coach = await tenant.CoachAsync();
        using var otherAdmin = await other.AdminAsync();
        var id = (await (await admin.PostAsJsonAsync("/api/v1/programs", new { name = "Kept Cohort", startsOn = "2025-03-01" }).ShouldBe(HttpStatusCode.Created)).JsonBody()).GetProperty("id").GetGuid();
        var route = $"/api/v1/programs/{id}";

        await admin.PutAsJsonAsync(route, new { name = "" }).ShouldBeInvalid("name");
        await admin.PutAsJsonAsync(route, new { name = "Backwards", startsOn = "2025-06-01", endsOn = "2025-03-01" }).ShouldBeInvalid("endsOn");
        await admin.PutAsJsonAsync(route, new { name = new string('x', 201) }).ShouldBeInvalid("name");
        await coach.PutAsJsonAsync(route, new { name = "Coach renamed" }).ShouldBeProblem(HttpStatusCode.Forbidden);
        await otherAdmin.PutAsJsonAsync(route, new { name = "Taken over" }).ShouldBeProblem(HttpStatusCode.NotFound);

        var read = (await admin.GetAsync(route).Json200()).GetProperty("program");
        Assert.Equal("Kept Cohort", read.GetProperty("name").GetString());
        Assert.Equal("2025-03-01", read.GetProperty("startsOn").GetString());
    }
}
