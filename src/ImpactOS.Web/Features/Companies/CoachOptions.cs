using ImpactOS.Web.Auth;
using ImpactOS.Web.Data;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Companies;

/// <summary>The people who can coach a company (coaches and admins of the organization), for pickers.</summary>
public sealed class CoachOptions(AppDbContext db)
{
    public async Task<IReadOnlyList<SelectListItem>> SelectListAsync(Guid? selected, CancellationToken cancellationToken) =>
        (await db.Users.AsNoTracking()
            .Where(u => Roles.Staff.Contains(u.Role) && u.ArchivedAt == null)
            .OrderBy(u => u.DisplayName)
            .Select(u => new { u.Id, u.DisplayName })
            .ToListAsync(cancellationToken))
            .Select(u => new SelectListItem(u.DisplayName, u.Id.ToString(), u.Id == selected))
            .ToList();
}
