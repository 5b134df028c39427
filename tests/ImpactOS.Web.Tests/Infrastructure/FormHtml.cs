using System.Net;
using System.Text.RegularExpressions;

namespace ImpactOS.Web.Tests.Infrastructure;

/// <summary>Checks on a form page that came back with errors, read as HTML (a browser without JavaScript).</summary>
public static class FormHtml
{
    /// <summary>The field's opening tag, by id.</summary>
    public static string Field(string html, string id)
    {
        var control = Regex.Match(html, $"<(input|select|textarea)[^>]*id=\"{Regex.Escape(id)}\"[^>]*>");
        Assert.True(control.Success, $"No field {id}.");
        return control.Value;
    }

    /// <summary>The message stands right after its field, which points at it and is marked invalid,
    /// and the summary names the field (linked to it) with the same message.</summary>
    public static void AssertErrorBeside(string html, string id, string label, string message)
    {
        var control = Field(html, id);
        var errorId = id + "-error";
        Assert.Contains(errorId, Regex.Match(control, "aria-describedby=\"([^\"]*)\"").Groups[1].Value, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", control, StringComparison.Ordinal);
        Assert.Contains("is-invalid", control, StringComparison.Ordinal);
        var feedback = Regex.Match(html, $"<div class=\"invalid-feedback\" id=\"{Regex.Escape(errorId)}\">([^<]*)</div>");
        Assert.True(feedback.Success, $"No message beside {id}.");
        Assert.Contains(message, WebUtility.HtmlDecode(feedback.Groups[1].Value), StringComparison.Ordinal);
        var summary = Regex.Match(html, "<div class=\"alert alert-danger form-errors[^\"]*\"[\\s\\S]*?</ul>");
        Assert.True(summary.Success, "No error summary.");
        Assert.Contains($"<a class=\"alert-link\" href=\"#{id}\">{label}</a>: {message}", WebUtility.HtmlDecode(summary.Value), StringComparison.Ordinal);
    }

    /// <summary>An input still holds what was typed.</summary>
    public static void AssertValue(string html, string id, string value) =>
        Assert.Contains($"value=\"{value}\"", WebUtility.HtmlDecode(Field(html, id)), StringComparison.Ordinal);

    /// <summary>How often a sentence appears on the page (an error said twice is said once too often).</summary>
    public static int Count(string html, string sentence) => Regex.Matches(WebUtility.HtmlDecode(html), Regex.Escape(sentence)).Count;
}
