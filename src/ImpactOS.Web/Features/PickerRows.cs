using Microsoft.AspNetCore.Mvc.Rendering;

namespace ImpactOS.Web.Features;

/// <summary>One entry of a picker list as read from the database: which list it belongs to, its id,
/// the name shown, and whether it is listed first (a System Standard among tracks).</summary>
public sealed class PickerRow
{
    public int List { get; init; }

    public Guid Id { get; init; }

    public string Name { get; init; } = "";

    public bool First { get; init; }
}

/// <summary>The order every picker list is shown in (its first entries, then by name, as the
/// database collates), and its conversion to a select list: one place for both, whether a list is
/// read on its own or with others in one round trip (<see cref="PortfolioLookups"/>).</summary>
public static class PickerRows
{
    public static IQueryable<PickerRow> Ordered(this IQueryable<PickerRow> rows) =>
        rows.OrderBy(r => r.List).ThenByDescending(r => r.First).ThenBy(r => r.Name).ThenBy(r => r.Id);

    /// <param name="group">The select list group of a row, or null for none.</param>
    public static List<SelectListItem> ToSelectList(IEnumerable<PickerRow> rows, Guid? selected, Func<PickerRow, SelectListGroup?>? group = null) =>
        [.. rows.Select(r => new SelectListItem(r.Name, r.Id.ToString(), r.Id == selected) { Group = group?.Invoke(r) })];
}
