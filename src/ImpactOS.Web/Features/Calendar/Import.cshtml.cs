using ImpactOS.Web.Auth;
using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Imports;
using ImpactOS.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImpactOS.Web.Features.Calendar;

/// <summary>Meetings from a calendar export, for the organization or one company: upload → preview
/// (a dry run listing every meeting and what happens to it) → confirm, as the CSV import page. The
/// upload waits in <see cref="PendingImports"/> (its calendar store) until it is confirmed, once.</summary>
[Authorize(Policy = Policies.Staff)]
[RequestSizeLimit(MilestoneImport.MaxBytes + (1024 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = MilestoneImport.MaxBytes + (1024 * 1024))]
public sealed class ImportModel(CalendarImport import, PendingImports uploads, CompanyDirectory companies) : PageModel
{
    /// <summary>Meetings the preview table shows; the counts above it cover all.</summary>
    public const int ShownItems = 200;

    /// <summary>Said beside the file field, by the server and by site.js before the upload.</summary>
    public const string TooLarge = "The file is larger than 50 MB. Export a shorter period.";

    private readonly PendingImports _pending = uploads.ForCalendar();

    /// <summary>The company the meetings go to; none: each meeting to the company it is with.</summary>
    [BindProperty(SupportsGet = true)]
    public Guid? CompanyId { get; set; }

    public CompanyDto? Company { get; private set; }
    public CalendarImportResult? Preview { get; private set; }
    public string? Token { get; private set; }
    public string? FileName { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadCompanyAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostPreviewAsync(IFormFile? file, CancellationToken ct)
    {
        if (!await LoadCompanyAsync(ct))
        {
            return NotFound();
        }

        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", "Choose a calendar file (.ics) that is not empty.");
            return Page();
        }

        if (file.Length > MilestoneImport.MaxBytes)
        {
            ModelState.AddModelError("file", TooLarge);
            return Page();
        }

        var token = await _pending.StoreAsync(file, ct);
        Outcome<CalendarImportResult> outcome;
        await using (var ics = _pending.OpenPending(token))
        {
            outcome = await import.ImportAsync(ics, CompanyId, dryRun: true, ct);
        }

        if (outcome.Value is not { Ok: true } preview)
        {
            // The page offers no confirm for a file that cannot be imported: nothing to keep.
            _pending.Discard(token);
            return Refused(outcome, "file");
        }

        (Preview, Token, FileName) = (preview, token, Evidence.EvidenceTypes.CleanFileName(file.FileName));
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(string? token, string? fileName, CancellationToken ct)
    {
        if (!await LoadCompanyAsync(ct))
        {
            return NotFound();
        }

        var id = token ?? "";
        switch (_pending.Claim(id))
        {
            case ClaimOutcome.AlreadyImported:
                ModelState.AddModelError(string.Empty, "This file was already imported; nothing was imported again.");
                return Page();
            case ClaimOutcome.Expired:
                ModelState.AddModelError(string.Empty, "That upload has expired; choose the file again.");
                return Page();
        }

        Outcome<CalendarImportResult> outcome;
        try
        {
            await using var ics = _pending.OpenClaimed(id);
            outcome = await import.ImportAsync(ics, CompanyId, dryRun: false, ct);
        }
        catch (Exception)
        {
            // Nothing was written (the import is one transaction): the upload may be confirmed again.
            _pending.Release(id);
            throw;
        }

        if (outcome.Value is not { Ok: true } result)
        {
            _pending.Failed(id);
            return Refused(outcome, string.Empty);
        }

        _pending.Imported(id);
        TempData["Flash"] = Flash(result);
        return CompanyId is { } companyId ? Redirect($"/companies/{companyId}") : RedirectToPage();
    }

    /// <summary>What the import did, in one sentence.</summary>
    public static string Flash(CalendarImportResult r) =>
        $"Imported {Count(r.Created, "meeting")}; {r.Updated} updated, {r.Unchanged} already there, {r.Unmatched} not matched to a company.";

    public static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n:N0} {noun}s";

    /// <summary>A refusal shown on the page: the file's error (with its line) beside the file field, an archived company above the form.</summary>
    private IActionResult Refused(Outcome<CalendarImportResult> outcome, string field)
    {
        switch (outcome.Kind)
        {
            case OutcomeKind.NotFound:
                return NotFound();
            case OutcomeKind.Ok:
                ModelState.AddModelError(field, outcome.Value!.Error!.Message);
                return Page();
            default:
                ModelState.AddModelError(string.Empty, outcome.Message ?? "That could not be done.");
                return Page();
        }
    }

    private async Task<bool> LoadCompanyAsync(CancellationToken ct)
    {
        if (CompanyId is not { } id)
        {
            return true;
        }

        Company = await companies.GetAsync(id, ct);
        return Company is not null;
    }
}
