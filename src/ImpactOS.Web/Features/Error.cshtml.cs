using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImpactOS.Web.Features;

/// <summary>The friendly page for any failure or unknown address; never shows internals.</summary>
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    public int Code { get; private set; } = 500;
    public string TraceId { get; private set; } = "";

    public string Title => Code switch
    {
        404 => "We could not find that page",
        403 => "Not allowed",
        400 => "That request could not be understood",
        409 => "Someone else changed this first",
        429 => "Too many attempts",
        _ => "Something went wrong",
    };

    public string Explanation => Code switch
    {
        404 => "It may have been archived, or the address is mistyped.",
        409 => "Reload the page to see the latest version, then try again.",
        429 => "Wait a minute and try again.",
        >= 500 => "The error has been logged. Please try again in a moment.",
        _ => "Please go back and check what was entered.",
    };

    public void OnGet(int? code) => Set(code);

    public void OnPost(int? code) => Set(code);

    private void Set(int? code)
    {
        // Re-executed after an exception: 500 (or the exception's own status); asked for directly: nothing here.
        var failed = HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is not null;
        Code = code ?? (HttpContext.Response.StatusCode >= 400 ? HttpContext.Response.StatusCode : failed ? 500 : 404);
        // The same id the logs and the API's problem details carry, for a support request.
        TraceId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        Response.StatusCode = Code;
    }
}
