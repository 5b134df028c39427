using ImpactOS.Web.Auth;
using ImpactOS.Web.Features.Imports;
using ImpactOS.Web.Infrastructure;

namespace ImpactOS.Web.Features.Calendar;

public static class CalendarImportApi
{
    public const string ContentType = "text/calendar";

    public static IEndpointRouteBuilder MapCalendarImportApi(this IEndpointRouteBuilder api)
    {
        api.MapPost("/imports/calendar", async Task<IResult> (bool? dryRun, Guid? companyId, HttpRequest request, CalendarImport import, CancellationToken ct) =>
            {
                var file = await ImportsApi.OpenAsync(request, ct);
                if (file is null)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Send the calendar (.ics) as the request body (text/calendar) or as a multipart field named \"file\".");
                }

                return (await import.ImportAsync(file, companyId, dryRun ?? false, ct)).ToResult(result => result.Error is { } error ? Refused(error) : TypedResults.Ok(result));
            })
            .RequireAuthorization(Policies.Staff)
            .DisableAntiforgery()
            .WithBodySizeLimit(MilestoneImport.MaxBytes + (1024 * 1024))
            .Produces<CalendarImportResult>()
            .Accepts<string>(ContentType, "multipart/form-data")
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge)
            .WithTags("Import and export")
            .WithSummary("Import meetings from an iCalendar file (body text/calendar or multipart \"file\") for the organization (matched by email domain, else by name in the title) or for one company (companyId); all or nothing; dryRun=true only reports.");
        return api;
    }

    /// <summary>A file that cannot be read: 400, nothing written, the line (null when the whole file is at fault) and why.</summary>
    public static IResult Refused(CalendarFileError error) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The calendar file cannot be read; nothing was imported.", detail: error.Message, extensions: new Dictionary<string, object?>
        {
            ["line"] = error.Line,
            ["errors"] = new[] { new { line = error.Line, message = error.Message } },
        });
}
