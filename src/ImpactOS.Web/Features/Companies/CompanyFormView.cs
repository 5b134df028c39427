using Microsoft.AspNetCore.Mvc.Rendering;

namespace ImpactOS.Web.Features.Companies;

public sealed record CompanyFormView(CompanyForm Form, bool MilestonesOn, IReadOnlyList<SelectListItem> Tracks, IReadOnlyList<SelectListItem> Coaches, DateOnly Today, bool Editing);
