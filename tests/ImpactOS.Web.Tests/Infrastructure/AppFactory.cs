using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ImpactOS.Web.Auth;
using ImpactOS.Web.Data;
using ImpactOS.Web.Features.Platform;
using ImpactOS.Web.Features.Settings;
using ImpactOS.Web.Features.Users;
using ImpactOS.Web.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace ImpactOS.Web.Tests.Infrastructure;

/// <summary>The whole application in-process against a fresh database of the configured provider.
/// One per test class (xunit class fixture); hands out clients signed in as any user.</summary>
public class AppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "correct-horse-battery";

    private string _directory = Path.Combine(Path.GetTempPath(), "impactos-tests", Guid.NewGuid().ToString("N"));
    private bool _sharesStorage;
    private readonly Dictionary<string, string> _tokens = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    private string _connectionString = "";

    /// <summary>The application's clock: starts at the real now and moves a tick per reading,
    /// so rows get distinct, ordered timestamps; tests may advance it.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };

    public string ConnectionString => _connectionString;

    public string DataDir => _directory;

    /// <summary>Extra settings a derived factory (or a test) wants; applied last.</summary>
    protected virtual IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    public virtual async Task InitializeAsync()
    {
        if (_sharesStorage)
        {
            return;
        }

        Directory.CreateDirectory(_directory);
        _connectionString = await TestDatabase.CreateAsync(_directory);
    }

    /// <summary>Makes this factory a second instance of the app over the first one's database and
    /// data directory (as two servers behind a load balancer). Call before it starts.</summary>
    public void ShareStorageWith(AppFactory first) => UseExistingStorage(first.ConnectionString, first.DataDir);

    /// <summary>Runs over a database and data directory that already exist (and are not dropped after).</summary>
    public void UseExistingStorage(string connectionString, string dataDir)
    {
        _sharesStorage = true;
        _connectionString = connectionString;
        _directory = dataDir;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>
        {
            ["ImpactOS:Database:Provider"] = TestDatabase.Provider.ToString(),
            ["ConnectionStrings:Default"] = _connectionString,
            ["ImpactOS:DataDir"] = _directory,
            ["ImpactOS:SeedDemo"] = "false",
            ["ImpactOS:Auth:PasswordHashIterations"] = "1000",
            ["ImpactOS:Auth:LoginsPerAddressPerMinute"] = "100000",
            ["ImpactOS:Auth:FailedLoginsPerAccountPerMinute"] = "1000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in ExtraSettings)
        {
            settings[key] = value;
        }

        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    public new virtual async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_sharesStorage)
        {
            return;
        }

        await TestDatabase.DropAsync(_connectionString);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finalizer is no reason to fail a test run.
        }
    }

    /// <summary>Runs <paramref name="work"/> in a service scope acting as the given tenant (or the
    /// platform operator when null), as background code would.</summary>
    public async Task<T> InScopeAsync<T>(Guid? tenantId, Func<IServiceProvider, AppDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        var user = scope.ServiceProvider.GetRequiredService<CurrentUser>();
        if (tenantId is { } id)
        {
            user.ActAsTenant(id);
        }
        else
        {
            user.ActAsOperator();
        }

        return await work(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public Task InScopeAsync(Guid? tenantId, Func<IServiceProvider, AppDbContext, Task> work) =>
        InScopeAsync<bool>(tenantId, async (sp, db) =>
        {
            await work(sp, db);
            return true;
        });

    /// <summary>A new organization with an admin, a coach, and a founder of one company.</summary>
    public async Task<TestTenant> CreateTenantAsync(bool milestones = true, string? name = null)
    {
        var slug = Guid.NewGuid().ToString("N")[..8];
        name ??= "Org " + slug;
        var adminEmail = $"admin-{slug}@test.example";
        var created = await InScopeAsync(null, async (sp, _) =>
            (await sp.GetRequiredService<TenantProvisioning>().CreateAsync(new CreateTenantRequest(name, adminEmail, Password, "Ada Admin"), default)).Value!);

        return await InScopeAsync(created.Id, async (sp, db) =>
        {
            if (milestones)
            {
                await sp.GetRequiredService<OrganizationSettings>().UpdateAsync(new UpdateSettingsRequest(true), default);
            }

            var company = new Features.Companies.Company
            {
                Name = "Founder's Co " + slug,
                MilestoneTrackId = Features.Tracks.SystemStandards.SaaS,
                FoundedOn = new DateOnly(2024, 1, 15),
                CreatedAt = db.UtcNow,
                TrackStartedAt = db.UtcNow,
            };
            db.Companies.Add(company);
            await db.SaveChangesAsync();

            var users = sp.GetRequiredService<UserAdministration>();
            var coachEmail = $"coach-{slug}@test.example";
            var founderEmail = $"founder-{slug}@test.example";
            await users.CreateAsync(new CreateUserRequest(coachEmail, Password, "Casey Coach", Roles.Coach, null), default);
            await users.CreateAsync(new CreateUserRequest(founderEmail, Password, "Frankie Founder", Roles.Founder, company.Id), default);
            return new TestTenant(this, created.Id, name, adminEmail, coachEmail, founderEmail, company.Id);
        });
    }

    /// <summary>A platform operator account (one per factory).</summary>
    public async Task<string> EnsureOperatorAsync()
    {
        const string email = "operator@test.example";
        await InScopeAsync(null, async (sp, db) =>
        {
            if (!await db.Users.AnyAsync(u => u.Email == email))
            {
                var users = sp.GetRequiredService<UserManager<AppUser>>();
                var result = await users.CreateAsync(new AppUser { UserName = email, Email = email, DisplayName = "Olive Operator", Role = Roles.Operator }, Password);
                Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
            }
        });
        return email;
    }

    /// <summary>An API client with a bearer token for <paramref name="email"/>.</summary>
    public async Task<HttpClient> ClientForAsync(string email)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = ClientOptions.BaseAddress });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenForAsync(email));
        return client;
    }

    /// <summary>A browser-like client signed in with the page cookie (the login form and its
    /// antiforgery token), for pages.</summary>
    public async Task<HttpClient> PageClientForAsync(string email)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var login = await client.GetStringAsync("/Account/Login");
        var token = System.Text.RegularExpressions.Regex.Match(login, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = Password,
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>A new API sign-in, not the cached one: a session of its own (its
    /// <c>accessToken</c> and <c>refreshToken</c>), to end or refresh without touching the others.</summary>
    public async Task<JsonElement> NewLoginAsync(string email, string password = Password)
    {
        using var client = AnonymousClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public HttpClient AnonymousClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = ClientOptions.BaseAddress });

    /// <summary>Forgets the cached bearer tokens (after a test ended every session of an account).</summary>
    public void ForgetTokens()
    {
        _tokenLock.Wait();
        try
        {
            _tokens.Clear();
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    public async Task<string> TokenForAsync(string email)
    {
        await _tokenLock.WaitAsync();
        try
        {
            if (!_tokens.TryGetValue(email, out var token))
            {
                using var client = AnonymousClient();
                var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Password });
                response.EnsureSuccessStatusCode();
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                _tokens[email] = token = body.GetProperty("accessToken").GetString()!;
            }

            return token;
        }
        finally
        {
            _tokenLock.Release();
        }
    }
}

/// <summary>An organization made for one test, with a client per role.</summary>
public sealed record TestTenant(AppFactory Factory, Guid Id, string Name, string AdminEmail, string CoachEmail, string FounderEmail, Guid FounderCompanyId)
{
    public Task<HttpClient> AdminAsync() => Factory.ClientForAsync(AdminEmail);
    public Task<HttpClient> CoachAsync() => Factory.ClientForAsync(CoachEmail);
    public Task<HttpClient> FounderAsync() => Factory.ClientForAsync(FounderEmail);

    public Task InScopeAsync(Func<IServiceProvider, AppDbContext, Task> work) => Factory.InScopeAsync(Id, work);
    public Task<T> InScopeAsync<T>(Func<IServiceProvider, AppDbContext, Task<T>> work) => Factory.InScopeAsync(Id, work);
}
