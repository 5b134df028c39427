using Microsoft.AspNetCore.WebUtilities;

namespace ImpactOS.Web.Infrastructure;

/// <summary>A list's order as its sortable column headers show it: a column's key ("name") sorts
/// ascending, with a leading minus ("-name") descending. One place for the header's link (the
/// column's first order, or the other way round when already sorted by it) and its aria-sort, so
/// every sortable list behaves alike, with and without JavaScript.</summary>
public sealed class ListOrder(string current, Func<string, string> urlFor)
{
    public string Current => current;

    /// <summary>The column the list is sorted by (without its direction).</summary>
    public string Column => current.TrimStart('-');

    public bool Descending => current.StartsWith('-');

    /// <summary>The header's aria-sort: ascending, descending or none.</summary>
    public string AriaSort(string column) =>
        current == column ? "ascending" : current == "-" + column ? "descending" : "none";

    /// <summary>The header's link: the same list sorted by this column.</summary>
    public string SortUrl(string column) => urlFor(current == column ? "-" + column : column);

    /// <summary>"sorted by name, ascending", for the table's caption.</summary>
    public string Caption(string columnName) => $"sorted by {columnName}, {(Descending ? "descending" : "ascending")}";

    /// <summary>A list page's address with its filters; empty values, and the list's default order,
    /// are left out so the plain address stays the plain list.</summary>
    public static string Url(string path, IEnumerable<KeyValuePair<string, string?>> query) =>
        QueryHelpers.AddQueryString(path, query.Where(p => !string.IsNullOrEmpty(p.Value)));
}

/// <summary>Links between keyset pages: back to the first page and on to the next (never an
/// offset, so there is no "page 7 of 9"). Either is null when there is nowhere to go.</summary>
public sealed record Pager(string Label, string? FirstUrl, string? NextUrl)
{
    public bool Any => FirstUrl is not null || NextUrl is not null;
}
