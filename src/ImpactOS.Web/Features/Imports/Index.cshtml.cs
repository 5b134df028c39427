using ImpactOS.Web.Auth;
using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace ImpactOS.Web.Features.Imports;

/// <summary>Upload → preview (a dry run: every problem, or what will change) → confirm. The
/// uploaded file waits under the data directory, named by a random token, until confirmed.</summary>
[Authorize(Policy = Policies.Staff)]
[RequireMilestonesFeature]
[RequestSizeLimit(MilestoneImport.MaxBytes + (1024 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = MilestoneImport.MaxBytes + (1024 * 1024))]
public sealed class IndexModel(MilestoneImport import, Exports exports, CurrentUser me, IOptions<ImpactOsOptions> options) : PageModel
{
    public ImportResult? Preview { get; private set; }
    public string? Token { get; private set; }
    public string? FileName { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostPreviewAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError(string.Empty, "Choose a CSV file that is not empty.");
            return Page();
        }

        if (file.Length > MilestoneImport.MaxBytes)
        {
            ModelState.AddModelError(string.Empty, "The file is over 50 MB.");
            return Page();
        }

        Token = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        FileName = Evidence.EvidenceTypes.CleanFileName(file.FileName);
        var path = PendingPath(Token);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var stored = System.IO.File.Create(path))
        {
            await file.CopyToAsync(stored, ct);
        }

        await using var csv = System.IO.File.OpenRead(path);
        Preview = await import.ImportAsync(csv, dryRun: true, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(string token, string? fileName, CancellationToken ct)
    {
        if (token.Length != 32 || !token.All(char.IsAsciiHexDigitLower) || !System.IO.File.Exists(PendingPath(token)))
        {
            ModelState.AddModelError(string.Empty, "That upload has expired; choose the file again.");
            return Page();
        }

        ImportResult result;
        await using (var csv = System.IO.File.OpenRead(PendingPath(token)))
        {
            result = await import.ImportAsync(csv, dryRun: false, ct);
        }

        if (!result.Ok)
        {
            (Preview, Token, FileName) = (result, token, fileName);
            return Page();
        }

        System.IO.File.Delete(PendingPath(token));
        TempData["Flash"] = $"Imported {result.Rows} rows: {result.CompaniesCreated} new compan{(result.CompaniesCreated == 1 ? "y" : "ies")}, {result.AchievementsCreated} achievements added, {result.AchievementsUpdated} updated, {result.Unchanged} unchanged.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnGetExportAsync(string what, CancellationToken ct) => what switch
    {
        "milestones" => File(await exports.MilestonesAsync(ct), "text/csv; charset=utf-8", "milestones.csv"),
        "companies" => File(await exports.CompaniesAsync(ct), "text/csv; charset=utf-8", "companies.csv"),
        "interactions" => File(await exports.InteractionsAsync(ct), "text/csv; charset=utf-8", "interactions.csv"),
        _ => NotFound(),
    };

    /// <summary>Uploads awaiting confirmation, per tenant, outside the web root.</summary>
    private string PendingPath(string token) => Path.Combine(options.Value.FullDataDir, "imports", me.RequiredTenantId.ToString("N"), token + ".csv");
}
