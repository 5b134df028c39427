using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace ImpactOS.Web.Tests.Imports;

/// <summary>Drives the Import page as a browser would: the form's antiforgery token, the preview
/// upload (multipart), and the confirm button's hidden fields.</summary>
public static partial class ImportPage
{
    public static async Task<string> AntiforgeryTokenAsync(HttpClient client) =>
        FormToken().Match(await client.GetStringAsync("/Imports")).Groups[1].Value;

    /// <summary>Uploads a file for preview; answers the page's HTML.</summary>
    public static async Task<string> PreviewAsync(HttpClient client, byte[] file, string name = "history.csv")
    {
        var antiforgery = await AntiforgeryTokenAsync(client);
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var form = new MultipartFormDataContent
        {
            { content, "file", name },
            { new StringContent(antiforgery), "__RequestVerificationToken" },
        };
        var response = await client.PostAsync("/Imports?handler=Preview", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The preview's confirm token, from the hidden field of the confirm form.</summary>
    public static string ConfirmToken(string previewHtml) =>
        ConfirmField().Match(previewHtml) is { Success: true } match ? match.Groups[1].Value : throw new Xunit.Sdk.XunitException("The preview has no confirm button:\n" + previewHtml);

    public static async Task<HttpResponseMessage> ConfirmAsync(HttpClient client, string token, string antiforgery) =>
        await client.PostAsync("/Imports?handler=Confirm", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Token"] = token,
            ["FileName"] = "history.csv",
            ["__RequestVerificationToken"] = antiforgery,
        }));

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    [GeneratedRegex("name=\"Token\" value=\"([0-9a-f]{32})\"")]
    private static partial Regex ConfirmField();
}
