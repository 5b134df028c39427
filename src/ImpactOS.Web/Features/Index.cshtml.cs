using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Companies;
using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Infrastructure;
using ImpactOS.Web.Tenancy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features;

/// <summary>The portfolio: home for coaches and admins.</summary>
public sealed class IndexModel(CompanyDirectory directory, FeatureFlags flags, AppDbContext db, CurrentUser me) : PageModel
{
    public Page<CompanyDto> Companies { get; private set; } = new([], null);
    public bool MilestonesOn { get; private set; }
    public string? TenantName { get; private set; }
    public CurrentUser Me => me;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (me.IsOperator)
        {
            return Redirect("/Platform");
        }

        if (me.IsFounder && me.CompanyId is { } own)
        {
            return Redirect($"/Companies/{own}");
        }

        MilestonesOn = await flags.MilestonesEnabledAsync(ct);
        TenantName = await db.Tenants.AsNoTracking().Where(t => t.Id == me.TenantId).Select(t => t.Name).FirstOrDefaultAsync(ct);
        Companies = (await directory.ListAsync(new CompanyQuery(Limit: Cursor.MaxLimit), ct)).Value!;
        return Page();
    }
}
