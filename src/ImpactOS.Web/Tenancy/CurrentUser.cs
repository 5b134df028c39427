using System.Security.Claims;
using ImpactOS.Web.Auth;

namespace ImpactOS.Web.Tenancy;

/// <summary>Who is asking, for the length of one request (or one background scope). The database
/// context reads the tenant and company scope from here for its query filters, and the PostgreSQL
/// session interceptor for row-level security: the one place tenancy comes from.</summary>
/// <remarks>In a request it follows <c>HttpContext.User</c> as authentication and authorization
/// settle it (the cookie's security-stamp check runs queries before the user is known, and the
/// API's bearer scheme replaces the principal), so it never keeps a stale answer.</remarks>
public sealed class CurrentUser
{
    private readonly IHttpContextAccessor? _http;
    private ClaimsPrincipal? _loadedFrom;
    private bool _explicit;
    private Guid? _userId;
    private Guid? _tenantId;
    private Guid? _companyId;
    private string? _role;
    private string? _displayName;

    /// <summary>For background work: nobody, until told to act as someone.</summary>
    public CurrentUser()
    {
    }

    /// <summary>For a request: whoever the request's principal is.</summary>
    public CurrentUser(IHttpContextAccessor http) => _http = http;

    public Guid? UserId => Sync()._userId;
    public Guid? TenantId => Sync()._tenantId;
    public string? Role => Sync()._role;
    public string? DisplayName => Sync()._displayName;

    /// <summary>The company a founder is tied to.</summary>
    public Guid? CompanyId => Sync()._companyId;

    public bool IsAuthenticated => UserId is not null;
    public bool IsOperator => Role == Roles.Operator;
    public bool IsStaff => Roles.IsStaff(Role);
    public bool IsAdmin => Role == Roles.Admin;
    public bool IsFounder => Role == Roles.Founder;

    /// <summary>May create and change tracks: an organization's admins (its Custom Tracks) and the
    /// platform operator (the System Standards), as <see cref="Policies.TrackEditor"/> admits.</summary>
    public bool MayEditTracks => IsAdmin || IsOperator;

    /// <summary>Founders see only their own company; everyone else is not narrowed.</summary>
    public Guid? CompanyScope => IsFounder ? CompanyId ?? Guid.Empty : null;

    public Guid RequiredUserId => UserId ?? throw new InvalidOperationException("No signed-in user.");
    public Guid RequiredTenantId => TenantId ?? throw new InvalidOperationException("No tenant in scope.");

    /// <summary>Acts inside one tenant outside the account's own signed-in request (seeding,
    /// provisioning, tests, a calendar app fetching the account's feed); a founder's
    /// <paramref name="companyId"/> narrows the company scope as a sign-in would.</summary>
    public void ActAsTenant(Guid tenantId, Guid? userId = null, string role = Roles.Admin, Guid? companyId = null) =>
        Set(userId, tenantId, role, companyId, displayName: null);

    /// <summary>Acts for one account of a tenant that has not signed in (it follows a password-reset
    /// link): that tenant's rows, and no role.</summary>
    public void ActAsAccount(Guid tenantId, Guid userId) => Set(userId, tenantId, role: null, companyId: null, displayName: null);

    /// <summary>Acts as the platform operator: no tenant, may write the System Standards.</summary>
    public void ActAsOperator(Guid? userId = null) => Set(userId, tenantId: null, Roles.Operator, companyId: null, displayName: null);

    /// <summary>Acts for one account until disposed, while the request's principal is not (yet)
    /// that account: signing in, and the cookie's security-stamp check, load the account inside its
    /// own organization (an account of no organization is the platform operator's), as row-level
    /// security requires. Whoever acted before acts again afterwards.</summary>
    public IDisposable ActForAccount(Guid userId, Guid? tenantId)
    {
        var before = (_explicit, _loadedFrom, _userId, _tenantId, _role, _companyId, _displayName);
        Set(userId, tenantId, tenantId is null ? Roles.Operator : null, companyId: null, displayName: null);
        return new Restore(() => (_explicit, _loadedFrom, _userId, _tenantId, _role, _companyId, _displayName) = before);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    private void Set(Guid? userId, Guid? tenantId, string? role, Guid? companyId, string? displayName)
    {
        _explicit = true;
        (_userId, _tenantId, _role, _companyId, _displayName) = (userId, tenantId, role, companyId, displayName);
    }

    private CurrentUser Sync()
    {
        if (_explicit || _http is null)
        {
            return this;
        }

        var principal = _http.HttpContext?.User;
        if (!ReferenceEquals(principal, _loadedFrom))
        {
            _loadedFrom = principal;
            var signedIn = principal?.Identity?.IsAuthenticated == true;
            _userId = signedIn ? ParseGuid(principal!.FindFirstValue(ClaimTypes.NameIdentifier)) : null;
            _tenantId = signedIn ? ParseGuid(principal!.FindFirstValue(AppClaims.TenantId)) : null;
            _companyId = signedIn ? ParseGuid(principal!.FindFirstValue(AppClaims.CompanyId)) : null;
            _role = signedIn ? principal!.FindFirstValue(ClaimTypes.Role) : null;
            _displayName = signedIn ? principal!.FindFirstValue(AppClaims.DisplayName) : null;
        }

        return this;
    }

    private static Guid? ParseGuid(string? value) => Guid.TryParse(value, out var id) ? id : null;
}
