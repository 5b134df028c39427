using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace ImpactOS.Web.Infrastructure;

/// <summary>RFC 9457 problem details for every API error, with a trace id and never a stack trace;
/// a friendly page for every page error.</summary>
public static class ErrorHandling
{
    public static IServiceCollection AddAppErrorHandling(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? ctx.HttpContext.TraceIdentifier;
            ctx.ProblemDetails.Instance ??= ctx.HttpContext.Request.Path;
        });
        services.AddExceptionHandler<KnownExceptionHandler>();
        return services;
    }

    public static bool IsApiRequest(this HttpContext context) => IsApiPath(context.Request.Path);

    /// <summary>Whether the request was for the API, also while an error is being handled (when the
    /// request's path is already the error page's).</summary>
    public static bool WasApiRequest(this HttpContext context) =>
        IsApiPath(context.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? context.Request.Path);

    private static bool IsApiPath(PathString path) => path.StartsWithSegments("/api") || path.StartsWithSegments("/healthz");

    public static WebApplication UseAppErrorHandling(this WebApplication app)
    {
        app.UseWhen(ctx => ctx.IsApiRequest(), api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        app.UseWhen(ctx => !ctx.IsApiRequest(), pages =>
        {
            pages.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/Error",
                StatusCodeSelector = KnownExceptionHandler.StatusFor,
            });
            pages.UseStatusCodePagesWithReExecute("/Error", "?code={0}");
        });
        return app;
    }
}

/// <summary>Exceptions that are the client's doing (bad request bodies, a stale edit, a duplicate)
/// answer 4xx instead of 500: as problem details on the API; on the pages the error page answers
/// (with the status <see cref="StatusFor"/> chose).</summary>
internal sealed class KnownExceptionHandler(IProblemDetailsService problemDetails, ILogger<KnownExceptionHandler> logger) : IExceptionHandler
{
    public static int StatusFor(Exception exception) => exception switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        DbUpdateConcurrencyException => StatusCodes.Status409Conflict,
        DbUpdateException db when DbErrors.IsUniqueViolation(db) => StatusCodes.Status409Conflict,
        OperationCanceledException => 499,
        _ => StatusCodes.Status500InternalServerError,
    };

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var status = StatusFor(exception);
        var title = status switch
        {
            StatusCodes.Status409Conflict => "The record was changed by someone else. Reload and try again.",
            StatusCodes.Status413PayloadTooLarge => "The request is too large.",
            >= 400 and < 500 => "The request could not be understood.",
            _ => "An unexpected error occurred.",
        };
        if (status >= 500)
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }
        else
        {
            logger.LogInformation("Request refused with {Status}: {Reason}", status, exception.Message);
        }

        if (status == 499)
        {
            return true;
        }

        if (!httpContext.WasApiRequest())
        {
            // Not handled here: the pages' exception handler re-executes the HTML error page.
            return false;
        }

        httpContext.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title },
        });
    }
}

/// <summary>Recognizes constraint violations across both providers.</summary>
public static class DbErrors
{
    public static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        _ => false,
    };
}
