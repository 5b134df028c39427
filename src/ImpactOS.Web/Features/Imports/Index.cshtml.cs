using ImpactOS.Web.Auth;
using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImpactOS.Web.Features.Imports;

/// <summary>Upload → preview (a dry run: every problem, or what will change) → confirm. The
/// uploaded file waits in <see cref="PendingImports"/> until it is confirmed, once.</summary>
[Authorize(Policy = Policies.Staff)]
[RequireMilestonesFeature]
[RequestSizeLimit(MilestoneImport.MaxBytes + (1024 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = MilestoneImport.MaxBytes + (1024 * 1024))]
public sealed class IndexModel(MilestoneImport import, PendingImports pending, Exports exports) : PageModel
{
    public ImportResult? Preview { get; private set; }
    public string? Token { get; private set; }
    public string? FileName { get; private set; }

    /// <summary>Said beside the file field, by the server and by site.js before the upload.</summary>
    public const string TooLarge = "The file is larger than 50 MB. Split it into smaller files.";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostPreviewAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", "Choose a CSV file that is not empty.");
            return Page();
        }

        if (file.Length > MilestoneImport.MaxBytes)
        {
            ModelState.AddModelError("file", TooLarge);
            return Page();
        }

        Token = await pending.StoreAsync(file, ct);
        FileName = Evidence.EvidenceTypes.CleanFileName(file.FileName);
        await using (var csv = pending.OpenPending(Token))
        {
            Preview = await import.ImportAsync(csv, dryRun: true, ct);
        }

        if (!Preview.Ok)
        {
            // The page offers no confirm for a file with problems: nothing to keep.
            pending.Discard(Token);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(string? token, string? fileName, CancellationToken ct)
    {
        var id = token ?? "";
        switch (pending.Claim(id))
        {
            case ClaimOutcome.AlreadyImported:
                ModelState.AddModelError(string.Empty, "This file was already imported; nothing was imported again.");
                return Page();
            case ClaimOutcome.Expired:
                ModelState.AddModelError(string.Empty, "That upload has expired; choose the file again.");
                return Page();
        }

        ImportResult result;
        try
        {
            await using var csv = pending.OpenClaimed(id);
            result = await import.ImportAsync(csv, dryRun: false, ct);
        }
        catch (Exception)
        {
            // Nothing was written (the import is one transaction): the upload may be confirmed again.
            pending.Release(id);
            throw;
        }

        if (!result.Ok)
        {
            pending.Failed(id);
            (Preview, Token, FileName) = (result, id, fileName);
            return Page();
        }

        pending.Imported(id);
        TempData["Flash"] = $"Imported {result.Rows} rows: {result.CompaniesCreated} new compan{(result.CompaniesCreated == 1 ? "y" : "ies")}, {result.AchievementsCreated} achievements added, {result.AchievementsUpdated} updated, {result.Unchanged} unchanged{(result.OutcomesChanged > 0 ? $", {result.OutcomesChanged} outcome{(result.OutcomesChanged == 1 ? "" : "s")} changed" : "")}.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnGetExportAsync(string what, CancellationToken ct) => what switch
    {
        "milestones" => File(await exports.MilestonesAsync(ct), "text/csv; charset=utf-8", "milestones.csv"),
        "companies" => File(await exports.CompaniesAsync(ct), "text/csv; charset=utf-8", "companies.csv"),
        "interactions" => File(await exports.InteractionsAsync(ct), "text/csv; charset=utf-8", "interactions.csv"),
        _ => NotFound(),
    };
}
