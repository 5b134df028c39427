using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ImpactOS.Web.Features.Velocity;

/// <summary>The pages' "as of" date picker. A day means the end of that day (UTC), the instant the
/// API's <c>asOf</c> takes; the calendar's last day has no end to stand for, so it is refused.</summary>
public static class AsOfDay
{
    public const string Message = "Choose a day before 31 December 9999.";

    /// <summary>The instant for <paramref name="day"/> (null: none chosen, or refused, with the
    /// reason added to <paramref name="modelState"/> under <paramref name="key"/>).</summary>
    public static DateTime? EndOf(DateOnly? day, ModelStateDictionary modelState, string key = "AsOfDate")
    {
        if (day == DateOnly.MaxValue)
        {
            modelState.AddModelError(key, Message);
            return null;
        }

        return day?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddDays(1);
    }
}
