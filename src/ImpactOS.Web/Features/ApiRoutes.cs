using ImpactOS.Web.Features.Account;
using ImpactOS.Web.Features.Claims;
using ImpactOS.Web.Features.Calendar;
using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Demo;
using ImpactOS.Web.Features.Evidence;
using ImpactOS.Web.Features.Imports;
using ImpactOS.Web.Features.Milestones;
using ImpactOS.Web.Features.Platform;
using ImpactOS.Web.Features.Programs;
using ImpactOS.Web.Features.Reports;
using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Features.Timeline;
using ImpactOS.Web.Features.Tracks;
using ImpactOS.Web.Features.Users;
using ImpactOS.Web.Features.Velocity;
using ImpactOS.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace ImpactOS.Web.Features;

/// <summary>The table of contents of the API: every feature's routes (their services are in <see cref="FeatureServices"/>).</summary>
public static class ApiRoutes
{
    public static IEndpointRouteBuilder MapApi(this IEndpointRouteBuilder app)
    {
        // The API speaks bearer tokens only: a browser's cookie can never act on it (no CSRF).
        var api = app.MapGroup("/api/v1")
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = IdentityConstants.BearerScheme })
            .DisableAntiforgery()
            .DeclareGuardProblems();

        api.MapAccountApi();
        api.MapPlatformApi();
        api.MapUsersApi();
        api.MapSettingsApi();
        api.MapCompaniesApi();
        api.MapTracksApi();
        api.MapMilestonesApi();
        api.MapClaimsApi();
        api.MapTimelineApi();
        api.MapProgramsApi();
        api.MapReportsApi();
        api.MapImportsApi();
        api.MapCalendarImportApi();
        api.MapCalendarFeedApi();
        api.MapVelocityApi();
        api.MapPortfolioApi();
        app.MapCalendarFeeds();
        return app;
    }
}
