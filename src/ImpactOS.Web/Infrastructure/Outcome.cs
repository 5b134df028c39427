namespace ImpactOS.Web.Infrastructure;

public enum OutcomeKind
{
    Ok,
    NotFound,
    Forbidden,
    Invalid,
    Conflict,
}

/// <summary>What a use case answers, for the API and the pages alike: a value, or why not.</summary>
public sealed record Outcome<T>(OutcomeKind Kind, T? Value, IReadOnlyDictionary<string, string[]>? Errors, string? Message)
{
    public bool IsOk => Kind == OutcomeKind.Ok;

    public static implicit operator Outcome<T>(T value) => new(OutcomeKind.Ok, value, null, null);

    public static implicit operator Outcome<T>(Failure failure) => new(failure.Kind, default, failure.Errors, failure.Message);
}

/// <summary>A refusal, convertible to any <see cref="Outcome{T}"/>.</summary>
public sealed record Failure(OutcomeKind Kind, IReadOnlyDictionary<string, string[]>? Errors = null, string? Message = null)
{
    public static Failure NotFound(string? message = null) => new(OutcomeKind.NotFound, null, message);
    public static Failure Forbidden(string? message = null) => new(OutcomeKind.Forbidden, null, message);
    public static Failure Conflict(string message) => new(OutcomeKind.Conflict, null, message);
    public static Failure Invalid(ValidationErrors errors) => new(OutcomeKind.Invalid, errors.ToDictionary());
    public static Failure Invalid(string field, string message) => new(OutcomeKind.Invalid, new Dictionary<string, string[]> { [field] = [message] });
}

public static class OutcomeResults
{
    /// <summary>Maps a refusal to its HTTP answer; success goes through <paramref name="ok"/>.</summary>
    public static IResult ToResult<T>(this Outcome<T> outcome, Func<T, IResult> ok) => outcome.Kind switch
    {
        OutcomeKind.Ok => ok(outcome.Value!),
        OutcomeKind.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: outcome.Message ?? "Not found."),
        OutcomeKind.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: outcome.Message ?? "Not allowed."),
        OutcomeKind.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: outcome.Message),
        _ => TypedResults.ValidationProblem(outcome.Errors ?? new Dictionary<string, string[]>(), title: outcome.Message ?? "Some fields are not valid."),
    };

    /// <summary>Copies a refusal's messages onto a page's form.</summary>
    public static void CopyTo<T>(this Outcome<T> outcome, Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState, string prefix = "")
    {
        if (outcome.Errors is { } errors)
        {
            foreach (var (field, messages) in errors)
            {
                foreach (var message in messages)
                {
                    // Use cases name fields as the API does (camelCase); forms bind PascalCase properties.
                    var key = field.Length == 0 ? prefix.TrimEnd('.') : prefix + char.ToUpperInvariant(field[0]) + field[1..];
                    modelState.AddModelError(key, message);
                }
            }
        }
        else if (!outcome.IsOk)
        {
            modelState.AddModelError(string.Empty, outcome.Message ?? "That could not be done.");
        }
    }
}
