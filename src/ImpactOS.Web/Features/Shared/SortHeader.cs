using ImpactOS.Web.Infrastructure;

namespace ImpactOS.Web.Features.Shared;

/// <summary>What <c>_SortHeader.cshtml</c> draws: one sortable column of a list in <see cref="Order"/>.</summary>
public sealed record SortHeader(ListOrder Order, string Column, string Label, string? CssClass = null);
