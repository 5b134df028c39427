using ImpactOS.Web.Auth;
using ImpactOS.Web.Data;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Features.Companies;

/// <summary>The people who can coach a company (coaches and admins of the organization), for pickers.</summary>
public sealed class CoachOptions(AppDbContext db)
{
    /// <summary>The list's number among <see cref="PortfolioLookups"/>' lists.</summary>
    public const int List = 2;

    public async Task<IReadOnlyList<SelectListItem>> SelectListAsync(Guid? selected, CancellationToken cancellationToken) =>
        PickerRows.ToSelectList(await Rows(db).Ordered().ToListAsync(cancellationToken), selected);

    /// <summary>Coaches and admins of the organization not archived, unordered (see <see cref="PickerRows.Ordered"/>).</summary>
    public static IQueryable<PickerRow> Rows(AppDbContext db) =>
        db.Users.AsNoTracking()
            .Where(u => Roles.Staff.Contains(u.Role) && u.ArchivedAt == null)
            .Select(u => new PickerRow { List = List, Id = u.Id, Name = u.DisplayName, First = false });
}
