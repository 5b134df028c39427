using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Hardening;

/// <summary>Nothing acknowledged is lost: clients write under load, the app is killed with SIGKILL
/// (and, with PostgreSQL, the database is stopped at once) at a random moment, everything is started
/// again, the clients retry what was in flight with the same Idempotency-Key, and every acknowledged
/// write is there exactly once.</summary>
public sealed class DurabilityTests
{
    private const string Password = "demo-password-for-tests";

    /// <summary>One fixed instant for every write, so a retry sends exactly the same request.</summary>
    private static readonly DateTime OccurredAt = DateTime.UtcNow.AddDays(-1);

    [Fact]
    public async Task AcknowledgedWritesSurviveKillingTheAppOnSqlite()
    {
        var directory = Path.Combine(Path.GetTempPath(), "impactos-durability-" + Guid.NewGuid().ToString("N")[..8]);
        await using var app = new AppProcess(new Dictionary<string, string>
        {
            ["ImpactOS__Database__Provider"] = "Sqlite",
            ["ImpactOS__DataDir"] = directory,
            ["ImpactOS__SeedDemo"] = "true",
            ["ImpactOS__DemoPassword"] = Password,
        });
        await RunAsync(app, seed: Environment.TickCount, crash: app.KillAsync, recover: app.StartAsync);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    [Trait("Category", "Postgres")]
    public async Task AcknowledgedWritesSurviveKillingTheAppAndStoppingPostgres()
    {
        await using var cluster = await PostgresCluster.StartAsync();
        var directory = Path.Combine(Path.GetTempPath(), "impactos-durability-" + Guid.NewGuid().ToString("N")[..8]);
        await using var app = new AppProcess(new Dictionary<string, string>
        {
            ["ImpactOS__Database__Provider"] = "Postgres",
            ["ConnectionStrings__Default"] = cluster.ConnectionString(),
            ["ImpactOS__DataDir"] = directory,
            ["ImpactOS__SeedDemo"] = "true",
            ["ImpactOS__DemoPassword"] = Password,
        });
        await RunAsync(app, seed: Environment.TickCount,
            crash: async () =>
            {
                await app.KillAsync();
                await cluster.StopImmediatelyAsync();
            },
            recover: async () =>
            {
                await cluster.StartAgainAsync();
                await app.StartAsync();
            });
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    [Trait("Category", "Postgres")]
    public async Task ReadinessFailsWhilePostgresIsDownAndTheAppRecoversByItself()
    {
        await using var cluster = await PostgresCluster.StartAsync();
        var directory = Path.Combine(Path.GetTempPath(), "impactos-ready-" + Guid.NewGuid().ToString("N")[..8]);
        await using var app = new AppProcess(new Dictionary<string, string>
        {
            ["ImpactOS__Database__Provider"] = "Postgres",
            ["ConnectionStrings__Default"] = cluster.ConnectionString(),
            ["ImpactOS__DataDir"] = directory,
            ["ImpactOS__SeedDemo"] = "true",
            ["ImpactOS__DemoPassword"] = Password,
        });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/ready")).StatusCode);

        await cluster.StopImmediatelyAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/healthz/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/live")).StatusCode);

        await cluster.StartAgainAsync();
        var ready = await PollAsync(async () => (await client.GetAsync("/healthz/ready")).StatusCode == HttpStatusCode.OK);
        Assert.True(ready, "/healthz/ready did not come back after PostgreSQL returned");
        var token = await LoginAsync(client);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/companies")).StatusCode);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task RunAsync(AppProcess app, int seed, Func<Task> crash, Func<Task> recover)
    {
        await app.StartAsync();
        using var setup = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var token = await LoginAsync(setup);
        setup.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var companies = await setup.GetFromJsonAsync<JsonElement>("/api/v1/companies?limit=1");
        var companyId = companies.GetProperty("items")[0].GetProperty("id").GetGuid();

        var acknowledged = new ConcurrentBag<string>();
        var inFlight = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            using var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            for (var i = 0; i < 5000 && !stop.IsCancellationRequested; i++)
            {
                var subject = $"durable w{w} #{i}";
                try
                {
                    using var response = await client.SendAsync(Interaction(companyId, subject));
                    if (response.StatusCode != HttpStatusCode.Created)
                    {
                        inFlight.Add(subject);
                        return;
                    }

                    acknowledged.Add(subject);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    inFlight.Add(subject);
                    return;
                }
            }
        })).ToList();

        // Let the writes run for a random moment, then crash.
        await Task.Delay(new Random(seed).Next(800, 2500));
        await crash();
        stop.Cancel();
        await Task.WhenAll(workers);
        Assert.True(acknowledged.Count > 10, $"Only {acknowledged.Count} writes were acknowledged before the crash.");

        await recover();
        using var after = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        after.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LoginAsync(after));
        foreach (var subject in inFlight)
        {
            // The same key: done once, whether or not the first attempt had committed.
            using var retried = await after.SendAsync(Interaction(companyId, subject));
            Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
            acknowledged.Add(subject);
        }

        var stored = new List<string>();
        string? cursor = null;
        for (var page = 0; page < 500; page++)
        {
            var timeline = await after.GetFromJsonAsync<JsonElement>($"/api/v1/companies/{companyId}/timeline?kinds=interaction&limit=200" + (cursor is null ? "" : "&cursor=" + cursor));
            stored.AddRange(timeline.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()!).Where(t => t.Contains("durable w", StringComparison.Ordinal)).Select(t => t[(t.IndexOf("durable w", StringComparison.Ordinal))..]));
            cursor = timeline.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : timeline.GetProperty("nextCursor").GetString();
            if (cursor is null)
            {
                break;
            }
        }

        var counts = stored.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(acknowledged, subject => Assert.Equal(1, counts.GetValueOrDefault(subject)));
        Assert.Equal(acknowledged.Distinct().Count(), stored.Count);
    }

    private static HttpRequestMessage Interaction(Guid companyId, string subject)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/companies/{companyId}/interactions")
        {
            Content = JsonContent.Create(new { kind = "note", occurredAt = OccurredAt, subject }),
        };
        request.Headers.Add("Idempotency-Key", subject.Replace(' ', '-').Replace('#', 'n'));
        return request;
    }

    private static async Task<string> LoginAsync(HttpClient client)
    {
        string? token = null;
        var ok = await PollAsync(async () =>
        {
            using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "coach@northstar.demo", password = Password });
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }

            token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
            return true;
        });
        Assert.True(ok, "Could not sign in");
        return token!;
    }

    /// <summary>Retries a condition for up to a minute (a recovery wait, not a timing assertion).</summary>
    private static async Task<bool> PollAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 120; attempt++)
        {
            try
            {
                if (await condition())
                {
                    return true;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not back yet.
            }

            await Task.Delay(500);
        }

        return false;
    }
}
