using ImpactOS.Web.Auth;
using ImpactOS.Web.Infrastructure;

namespace ImpactOS.Web.Features.Calendar;

/// <summary>The calendar feed: the signed-in user's routes to manage its address, and the
/// anonymous route calendar apps fetch it from.</summary>
public static class CalendarFeedApi
{
    /// <summary>The rate-limit policy of feed fetches (per client address).</summary>
    public const string FetchPolicy = "feed-per-address";

    public static IEndpointRouteBuilder MapCalendarFeedApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/me/calendar-feed").WithTags("Calendar feed").RequireAuthorization(Policies.TenantMember);

        group.MapGet("", async (CalendarFeeds feeds, CancellationToken ct) => TypedResults.Ok(await feeds.GetAsync(ct)))
            .Produces<CalendarFeedDto>()
            .WithSummary("Your calendar feed: whether its address is active, and the history of your addresses (the address itself is shown only when it is made).");

        group.MapPost("", async (CalendarFeeds feeds, CancellationToken ct) =>
                (await feeds.IssueAsync(ct)).ToResult(issued => TypedResults.Created("/api/v1/me/calendar-feed", issued)))
            .Produces<IssuedCalendarFeedDto>(StatusCodes.Status201Created)
            .Problems(StatusCodes.Status409Conflict)
            .WithSummary("Make a new secret address for your calendar feed (.ics); an active one is revoked (rotate). The answer's url is shown this once.");

        group.MapDelete("", async (CalendarFeeds feeds, CancellationToken ct) =>
                (await feeds.RevokeAsync(ct)).ToResult(_ => TypedResults.NoContent()))
            .Produces(StatusCodes.Status204NoContent)
            .WithSummary("Revoke your calendar feed's address: it answers 404 from now on. Nothing to revoke is fine too.");

        return api;
    }

    /// <summary><c>GET /feeds/{token}.ics</c>: no sign-in (calendar apps cannot), the token is the
    /// credential; unknown or revoked answers 404, like any address that leads nowhere.</summary>
    public static IEndpointRouteBuilder MapCalendarFeeds(this IEndpointRouteBuilder app)
    {
        app.MapGet(CalendarFeeds.RoutePrefix + "{token}.ics", async (string token, CalendarFeeds feeds, HttpContext http, CancellationToken ct) =>
                (await feeds.WriteFeedAsync(token, ct)).ToResult(ics =>
                {
                    // The feed is someone's private data: no shared cache keeps it.
                    http.Response.Headers.CacheControl = "private, no-store";
                    return TypedResults.Text(ics, CalendarImportApi.ContentType + "; charset=utf-8");
                }))
            .AllowAnonymous()
            .DisableAntiforgery()
            .RequireRateLimiting(FetchPolicy)
            .Produces<string>(StatusCodes.Status200OK, CalendarImportApi.ContentType)
            .Problems(StatusCodes.Status404NotFound, StatusCodes.Status429TooManyRequests)
            .WithTags("Calendar feed")
            .WithSummary("A user's calendar feed (iCalendar): their companies' achieved milestones and program windows. The secret token is the credential.");
        return app;
    }
}
