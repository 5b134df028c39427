using System.Net;
using System.Text.RegularExpressions;
using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Users;

/// <summary>A browser without JavaScript: keeps its cookies where a test can see (and copy) them,
/// follows no redirects, and posts forms with the antiforgery token of the page they are on.</summary>
public sealed partial class BrowserSession : IDisposable
{
    private readonly CookieJar _jar;

    private BrowserSession(AppFactory factory, Dictionary<string, string>? cookies = null)
    {
        _jar = new CookieJar(cookies);
        Client = factory.CreateDefaultClient(_jar);
    }

    public HttpClient Client { get; }

    public IReadOnlyDictionary<string, string> Cookies => _jar.Cookies;

    public static BrowserSession Anonymous(AppFactory factory) => new(factory);

    /// <summary>Signs in through the login form.</summary>
    public static async Task<BrowserSession> SignInAsync(AppFactory factory, string email, string password = AppFactory.Password)
    {
        var session = new BrowserSession(factory);
        var response = await session.PostFormAsync("/Account/Login", null, new() { ["Email"] = email, ["Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(session.Cookies.ContainsKey("impactos.auth"), "No sign-in cookie was set.");
        return session;
    }

    /// <summary>Another browser holding a copy of this one's cookies (a stolen or second copy).</summary>
    public BrowserSession Copy(AppFactory factory) => new(factory, new Dictionary<string, string>(_jar.Cookies));

    public Task<HttpResponseMessage> GetAsync(string url) => Client.GetAsync(url);

    /// <summary>Opens <paramref name="page"/>, takes its antiforgery token and posts the form to
    /// <paramref name="action"/> (the page itself when null).</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string page, string? action, Dictionary<string, string> fields)
    {
        var html = await Client.GetStringAsync(page);
        var token = AntiforgeryToken().Match(html);
        Assert.True(token.Success, $"No antiforgery token on {page}.");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        return await Client.PostAsync(action ?? page, new FormUrlEncodedContent(fields));
    }

    /// <summary>As <see cref="PostFormAsync"/>, as multipart with one file (a form with an upload).</summary>
    public async Task<HttpResponseMessage> PostMultipartAsync(string page, string action, Dictionary<string, string> fields, string fileField, string fileName, byte[] file)
    {
        var html = await Client.GetStringAsync(page);
        var token = AntiforgeryToken().Match(html);
        Assert.True(token.Success, $"No antiforgery token on {page}.");
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(WebUtility.HtmlDecode(token.Groups[1].Value)), "__RequestVerificationToken");
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        form.Add(new ByteArrayContent(file), fileField, fileName);
        return await Client.PostAsync(action, form);
    }

    public void Dispose() => Client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    private sealed class CookieJar(Dictionary<string, string>? cookies) : DelegatingHandler
    {
        public Dictionary<string, string> Cookies { get; } = cookies ?? new Dictionary<string, string>(StringComparer.Ordinal);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                foreach (var setCookie in setCookies)
                {
                    var pair = setCookie.Split(';')[0];
                    var name = pair[..pair.IndexOf('=', StringComparison.Ordinal)];
                    var value = pair[(name.Length + 1)..];
                    var expired = setCookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase);
                    if (expired || value.Length == 0)
                    {
                        Cookies.Remove(name);
                    }
                    else
                    {
                        Cookies[name] = value;
                    }
                }
            }

            return response;
        }
    }
}
