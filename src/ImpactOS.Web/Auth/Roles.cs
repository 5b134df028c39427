namespace ImpactOS.Web.Auth;

/// <summary>The four roles. A user has exactly one.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Coach = "coach";
    public const string Founder = "founder";
    public const string Operator = "operator";

    public static bool IsTenantRole(string? role) => role is Admin or Coach or Founder;

    /// <summary>The staff: coaches and admins, who verify progress and coach companies. The one place
    /// this is spelled: the policy, the signed-in user and the coach pickers all read it.</summary>
    public static readonly IReadOnlyList<string> Staff = [Admin, Coach];

    public static bool IsStaff(string? role) => role is not null && Staff.Contains(role);
}

public static class AppClaims
{
    public const string TenantId = "tenant_id";
    public const string CompanyId = "company_id";
    public const string DisplayName = "display_name";

    /// <summary>One sign-in (a browser's cookie, or an API login and its refreshes): what
    /// signing out ends. See <see cref="UserSessions"/>.</summary>
    public const string SessionId = "session_id";
}

/// <summary>Authorization policy names; the rule of each is in <see cref="AuthorizationSetup"/>.</summary>
public static class Policies
{
    /// <summary>Any user of a tenant (admin, coach, founder).</summary>
    public const string TenantMember = "tenant-member";

    /// <summary>Coaches and admins: the arbiters of truth.</summary>
    public const string Staff = "staff";

    public const string Admin = "admin";
    public const string Operator = "operator";

    /// <summary>Reads tracks: tenant members and the platform operator.</summary>
    public const string TenantMemberOrOperator = "tenant-member-or-operator";

    /// <summary>Changes tracks: tenant admins (their Custom Tracks) and the platform operator (the System Standards).</summary>
    public const string TrackEditor = "track-editor";
}
