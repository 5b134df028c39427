using ImpactOS.Web.Auth;
using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace ImpactOS.Web.Features.Imports;

public static class ImportsApi
{
    public static IEndpointRouteBuilder MapImportsApi(this IEndpointRouteBuilder api)
    {
        api.MapPost("/imports/milestones", async Task<IResult> (bool? dryRun, HttpRequest request, MilestoneImport import, CancellationToken ct) =>
            {
                var csv = await OpenAsync(request, ct);
                if (csv is null)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Send the CSV as the request body (text/csv) or as a multipart field named \"file\".");
                }

                var result = await import.ImportAsync(csv, dryRun ?? false, ct);
                return result.Ok
                    ? TypedResults.Ok(result)
                    : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The file has problems; nothing was imported.", extensions: new Dictionary<string, object?>
                    {
                        ["rows"] = result.Rows,
                        ["companiesCreated"] = 0,
                        ["achievementsCreated"] = 0,
                        ["achievementsUpdated"] = 0,
                        ["unchanged"] = 0,
                        ["errors"] = result.Errors,
                    });
            })
            .RequireAuthorization(Policies.Staff)
            .RequireMilestonesFeature()
            .DisableAntiforgery()
            .WithBodySizeLimit(MilestoneImport.MaxBytes + (1024 * 1024))
            .Produces<ImportResult>()
            .Accepts<string>(ApiResponses.Csv, "multipart/form-data")
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge)
            .WithTags("Import and export")
            .WithSummary("Import achievements from CSV (body text/csv or multipart \"file\"); all or nothing; dryRun=true only reports.");

        var exports = api.MapGroup("/exports").WithTags("Import and export").RequireAuthorization(Policies.Staff);
        exports.MapGet("/milestones.csv", async (Exports export, CancellationToken ct) => TypedResults.File(await export.MilestonesAsync(ct), "text/csv; charset=utf-8", "milestones.csv"))
            .ProducesCsv()
            .RequireMilestonesFeature()
            .WithSummary("Every achievement in the import format (an export re-imports cleanly).");
        exports.MapGet("/companies.csv", async (Exports export, CancellationToken ct) => TypedResults.File(await export.CompaniesAsync(ct), "text/csv; charset=utf-8", "companies.csv"))
            .ProducesCsv()
            .WithSummary("Every company.");
        exports.MapGet("/interactions.csv", async (Exports export, CancellationToken ct) => TypedResults.File(await export.InteractionsAsync(ct), "text/csv; charset=utf-8", "interactions.csv"))
            .ProducesCsv()
            .WithSummary("Every logged interaction.");
        return api;
    }

    /// <summary>The file (CSV, or the calendar import's .ics) from a multipart "file" field or the raw body, received in full first (so a
    /// slow upload never holds the import lock) into a buffer that goes to disk past 64 KB: the
    /// import then streams it, never the whole file in memory. Both streams belong to the request,
    /// which disposes them.</summary>
    internal static async Task<Stream?> OpenAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            return form.Files.GetFile("file") is { Length: > 0 } file ? file.OpenReadStream() : null;
        }

        if (request.ContentLength == 0)
        {
            return null;
        }

        request.EnableBuffering(bufferThreshold: 64 * 1024);
        await request.Body.DrainAsync(ct);
        request.Body.Position = 0;
        return request.Body;
    }
}
