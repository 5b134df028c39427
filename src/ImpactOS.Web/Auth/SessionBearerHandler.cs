using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ImpactOS.Web.Auth;

/// <summary>The API's bearer scheme: Identity's bearer token (data-protected, expiring, written by
/// <see cref="AuthSetup.TokenScheme"/>), accepted only while its session is current. The built-in
/// handler has no hook to reject a token whose account changed, so this one wraps it.</summary>
internal sealed class SessionBearerHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, UserSessions sessions)
    : SignInAuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = await Context.AuthenticateAsync(AuthSetup.TokenScheme);
        if (token.None)
        {
            return AuthenticateResult.NoResult();
        }

        if (!token.Succeeded)
        {
            return AuthenticateResult.Fail(token.Failure ?? new InvalidOperationException("The bearer token was refused."));
        }

        if (!await sessions.IsCurrentAsync(Context, token.Principal))
        {
            return AuthenticateResult.Fail("The session of this bearer token has ended.");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(token.Principal, token.Properties, Scheme.Name));
    }

    /// <summary>Signing in issues the token pair (the built-in handler writes the JSON answer).</summary>
    protected override Task HandleSignInAsync(ClaimsPrincipal user, AuthenticationProperties? properties) =>
        Context.SignInAsync(AuthSetup.TokenScheme, user, properties);

    /// <summary>A bearer token is not a cookie: ending it is <see cref="UserSessions.EndAsync"/>.</summary>
    protected override Task HandleSignOutAsync(AuthenticationProperties? properties) => Task.CompletedTask;
}
