using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ImpactOS.Bench;

/// <summary>One measured scenario: latency percentiles (ms), throughput, and the hand-written SQL
/// floor it is compared with.</summary>
public sealed record Measurement(string Name, double? P50Ms, double? P95Ms, double? P99Ms, double? Rps, long Requests, double? FloorMs, string Note = "")
{
    public double? RatioToFloor => P50Ms is { } p && FloorMs is > 0 ? Math.Round(p / FloorMs.Value, 2) : null;
}

/// <summary>Runs an operation from many concurrent clients for a fixed time (after a warm-up) and
/// records every latency. Every loop is bounded in time and count.</summary>
public static partial class Load
{
    public const int MaxRequestsPerClient = 200_000;

    public static async Task<Measurement> RunAsync(string name, int clients, TimeSpan duration, Func<int, Task> operation, TimeSpan? warmup = null, string note = "")
    {
        var end = DateTime.UtcNow + (warmup ?? TimeSpan.FromSeconds(3));
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            for (var i = 0; i < MaxRequestsPerClient && DateTime.UtcNow < end; i++)
            {
                await operation(c);
            }
        }));

        var latencies = new ConcurrentBag<double>();
        var clock = Stopwatch.StartNew();
        end = DateTime.UtcNow + duration;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            for (var i = 0; i < MaxRequestsPerClient && DateTime.UtcNow < end; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await operation(c);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }));
        var elapsed = clock.Elapsed.TotalSeconds;
        return Summarize(name, latencies.ToArray(), elapsed, note);
    }

    /// <summary>Latencies measured one at a time by the caller (cold reads, each after a write).</summary>
    public static Measurement Summarize(string name, double[] latencies, double seconds, string note = "")
    {
        Array.Sort(latencies);
        double? At(double p) => latencies.Length == 0 ? null : Math.Round(latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)], 2);
        return new Measurement(name, At(0.50), At(0.95), At(0.99), seconds > 0 ? Math.Round(latencies.Length / seconds, 1) : null, latencies.Length, null, note);
    }

    public static HttpClient Client(Uri baseAddress, bool cookies = false) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = 64, UseCookies = cookies, CookieContainer = new CookieContainer(), AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };

    public static async Task<string> TokenAsync(Uri baseAddress, string email, string password)
    {
        using var client = Client(baseAddress);
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    /// <summary>A client signed in with the page cookie (the login form and its antiforgery token).</summary>
    public static async Task<HttpClient> CookieClientAsync(Uri baseAddress, string email, string password)
    {
        var client = Client(baseAddress, cookies: true);
        var page = await client.GetStringAsync("/Account/Login");
        var token = AntiforgeryToken().Match(page).Groups[1].Value;
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Could not sign in as {email}: {response.StatusCode}");
        }

        return client;
    }

    public static async Task ExpectAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
