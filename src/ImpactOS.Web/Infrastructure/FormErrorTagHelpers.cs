using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.TagHelpers;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace ImpactOS.Web.Infrastructure;

/// <summary>A form field's errors, where a person looks for them: beside the field (Bootstrap's
/// <c>is-invalid</c> and <c>invalid-feedback</c>, tied to the field by <c>aria-describedby</c>),
/// with what was typed kept. Every <c>asp-for</c> field gets it; a field named by hand says which
/// error key it shows with <c>error-for</c>. The field registers its label and id, so the form's
/// summary (<see cref="FormErrorSummaryTagHelper"/>) names and links it.</summary>
[HtmlTargetElement("input", Attributes = "asp-for")]
[HtmlTargetElement("select", Attributes = "asp-for")]
[HtmlTargetElement("textarea", Attributes = "asp-for")]
[HtmlTargetElement("input", Attributes = "error-for")]
[HtmlTargetElement("select", Attributes = "error-for")]
[HtmlTargetElement("textarea", Attributes = "error-for")]
public sealed class FieldErrorTagHelper : TagHelper
{
    // After the built-in tag helpers have written the name, id and value.
    public override int Order => 1000;

    [HtmlAttributeName("asp-for")]
    public ModelExpression? For { get; set; }

    /// <summary>The error key the field shows (default: the <c>asp-for</c> name).</summary>
    [HtmlAttributeName("error-for")]
    public string? ErrorFor { get; set; }

    /// <summary>More keys whose errors belong to this field, comma-separated (a use case that
    /// names the field otherwise, e.g. <c>Input.Metrics.revenue</c>).</summary>
    [HtmlAttributeName("error-also")]
    public string? ErrorAlso { get; set; }

    /// <summary>The field's name in the summary (default: its display name, else the key).</summary>
    [HtmlAttributeName("error-label")]
    public string? ErrorLabel { get; set; }

    /// <summary>False on a copy of a form that was not the one posted (a page with one form a row).</summary>
    [HtmlAttributeName("error-show")]
    public bool ErrorShow { get; set; } = true;

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var type = output.Attributes["type"]?.Value?.ToString();
        if (type == "hidden")
        {
            return;
        }

        var key = ErrorFor ?? (For is null ? "" : ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name));
        var id = output.Attributes["id"]?.Value?.ToString() ?? TagBuilder.CreateSanitizedId(key, "_");
        var keys = new[] { key }.Concat((ErrorAlso ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        var state = ViewContext.ModelState;
        var messages = ErrorShow
            ? keys.SelectMany(k => state.TryGetValue(k, out var entry) ? entry.Errors.Select(e => e.ErrorMessage) : []).ToList()
            : [];

        FormErrorSummaryTagHelper.Register(ViewContext.HttpContext, keys, ErrorLabel ?? For?.Metadata.GetDisplayName() ?? key, id);
        if (ErrorShow && ErrorFor is not null && type is not ("file" or "password" or "checkbox" or "radio")
            && state.TryGetValue(key, out var posted) && posted.AttemptedValue is { } typed)
        {
            // A field named by hand shows what was typed, even what did not parse (a date).
            if (output.TagName == "textarea")
            {
                output.Content.SetContent(typed);
            }
            else if (output.TagName == "input")
            {
                output.Attributes.SetAttribute("value", typed);
            }
        }

        // A file field with a size limit always has its message slot: site.js fills it before upload.
        var sized = type == "file" && output.Attributes.ContainsName("data-max-bytes");
        if (messages.Count == 0 && !sized)
        {
            return;
        }

        var errorId = id + "-error";
        var describedBy = output.Attributes["aria-describedby"]?.Value?.ToString();
        output.Attributes.SetAttribute("aria-describedby", string.IsNullOrWhiteSpace(describedBy) ? errorId : describedBy + " " + errorId);
        if (messages.Count > 0)
        {
            output.AddClass("is-invalid", HtmlEncoder.Default);
            output.Attributes.SetAttribute("aria-invalid", "true");
        }

        var feedback = new TagBuilder("div");
        feedback.AddCssClass("invalid-feedback");
        feedback.Attributes["id"] = errorId;
        feedback.InnerHtml.Append(string.Join(" ", messages.Distinct()));
        output.PostElement.AppendHtml(feedback);
    }
}

/// <summary>The summary at the top of a posted form (<c>&lt;form error-summary="The company was
/// not saved"&gt;</c>): each error with the name of its field, linked to it; errors of no field
/// (a conflict) as they are. Focused on load by site.js, so it is in view on a phone.</summary>
[HtmlTargetElement("form", Attributes = "error-summary")]
public sealed class FormErrorSummaryTagHelper : TagHelper
{
    private const string FieldsKey = "impactos.form-fields";

    /// <summary>What did not happen, e.g. "The company was not saved".</summary>
    [HtmlAttributeName("error-summary")]
    public string Heading { get; set; } = "";

    /// <summary>False on a copy of a form that was not the one posted.</summary>
    [HtmlAttributeName("error-show")]
    public bool ErrorShow { get; set; } = true;

    /// <summary>Keys this form shows beside none of its fields but still owns (e.g. the empty key
    /// of a conflict) are shown by default; set false when another form on the page owns them.</summary>
    [HtmlAttributeName("error-general")]
    public bool ShowGeneral { get; set; } = true;

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    /// <summary>Called by each field while the form renders (partials included).</summary>
    internal static void Register(Microsoft.AspNetCore.Http.HttpContext http, IEnumerable<string> keys, string label, string id)
    {
        if (http.Items[FieldsKey] is Dictionary<string, (string Label, string Id)> fields)
        {
            foreach (var key in keys)
            {
                fields.TryAdd(key, (label, id));
            }
        }
    }

    private readonly Dictionary<string, (string Label, string Id)> _fields = new(StringComparer.OrdinalIgnoreCase);

    // Set before any tag helper of the form runs: the framework's end-of-form helper renders the
    // form's children before this one's ProcessAsync.
    public override void Init(TagHelperContext context) => ViewContext.HttpContext.Items[FieldsKey] = _fields;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        var http = ViewContext.HttpContext;
        var fields = _fields;
        var content = await output.GetChildContentAsync();
        http.Items.Remove(FieldsKey);

        var state = ViewContext.ModelState;
        if (!ErrorShow || state.IsValid)
        {
            return;
        }

        var items = new HtmlContentBuilder();
        foreach (var (key, entry) in state)
        {
            var known = fields.TryGetValue(key, out var field);
            if (!known && !ShowGeneral)
            {
                continue;
            }

            foreach (var error in entry.Errors.Select(e => e.ErrorMessage).Distinct())
            {
                var item = new TagBuilder("li");
                if (known)
                {
                    var link = new TagBuilder("a");
                    link.AddCssClass("alert-link");
                    link.Attributes["href"] = "#" + field.Id;
                    link.InnerHtml.Append(field.Label);
                    item.InnerHtml.AppendHtml(link).Append(": " + error);
                }
                else
                {
                    item.InnerHtml.Append(error);
                }

                items.AppendHtml(item);
            }
        }

        var summary = new TagBuilder("div");
        summary.AddCssClass("alert alert-danger form-errors");
        if (output.Attributes["class"]?.Value?.ToString()?.Split(' ').Contains("row") == true)
        {
            summary.AddCssClass("col-12");
        }

        summary.Attributes["role"] = "alert";
        summary.Attributes["tabindex"] = "-1";
        var heading = new TagBuilder("p");
        heading.AddCssClass("fw-semibold mb-1");
        heading.InnerHtml.Append(Heading + ":");
        var list = new TagBuilder("ul");
        list.AddCssClass("mb-0");
        list.InnerHtml.AppendHtml(items);
        summary.InnerHtml.AppendHtml(heading).AppendHtml(list);
        output.Content.SetHtmlContent(new HtmlContentBuilder().AppendHtml(summary).AppendHtml(content));
    }
}
