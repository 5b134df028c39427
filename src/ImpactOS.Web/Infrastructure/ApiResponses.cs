using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace ImpactOS.Web.Infrastructure;

/// <summary>What the API's routes say they answer, for /openapi/v1.json. Handlers answer through
/// <see cref="OutcomeResults.ToResult{T}"/> (an <see cref="IResult"/>), so each route names its
/// success type with <c>.Produces&lt;T&gt;()</c> and its own refusals with <see cref="Problems{TBuilder}"/>;
/// the refusals every route shares by how it is guarded are added here, in one place.</summary>
public static class ApiResponses
{
    public const string ProblemJson = "application/problem+json";
    public const string Csv = "text/csv";

    /// <summary>Refusals the route may answer, each as problem details (400 is
    /// <c>.ProducesValidationProblem()</c>, which carries the <c>errors</c> map).</summary>
    public static TBuilder Problems<TBuilder>(this TBuilder builder, params int[] statuses)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), [ProblemJson]));
        }

        return builder;
    }

    /// <summary>A CSV download.</summary>
    public static RouteHandlerBuilder ProducesCsv(this RouteHandlerBuilder builder) => builder.Produces<string>(StatusCodes.Status200OK, Csv);

    /// <summary>On the API's root group: every route answers 401 without a valid token (the
    /// anonymous ones refuse bad credentials with it too), and 403 when its policy wants a role the
    /// caller lacks; a POST an organization's user makes honours <see cref="Idempotency.Header"/>
    /// (400 for a malformed key, 422 for a key reused on another request, 409 while its first
    /// request runs). Runs after each route's own conventions, so it sees the policies they add.</summary>
    public static RouteGroupBuilder DeclareGuardProblems(this RouteGroupBuilder api)
    {
        ((IEndpointConventionBuilder)api).Finally(endpoint =>
        {
            var statuses = new List<int> { StatusCodes.Status401Unauthorized };
            var anonymous = endpoint.Metadata.OfType<IAllowAnonymous>().Any();
            var policies = endpoint.Metadata.OfType<IAuthorizeData>().Where(a => a.Policy is not null || a.Roles is not null).ToList();
            if (!anonymous && policies.Count > 0)
            {
                statuses.Add(StatusCodes.Status403Forbidden);
            }

            var post = endpoint.Metadata.OfType<IHttpMethodMetadata>().Any(m => m.HttpMethods.Contains(HttpMethods.Post));
            var operatorOnly = policies.Count > 0 && policies.All(p => p.Policy == Auth.Policies.Operator);
            if (post && !anonymous && !operatorOnly)
            {
                statuses.AddRange([StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity]);
            }

            // A route's own declaration of a status (a validation problem's errors map) stands.
            foreach (var status in statuses.Where(s => !endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Any(m => m.StatusCode == s)))
            {
                endpoint.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), [ProblemJson]));
            }
        });
        return api;
    }
}
