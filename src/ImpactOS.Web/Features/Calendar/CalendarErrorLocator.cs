using System.Text;
using IcalCalendar = Ical.Net.Calendar;

namespace ImpactOS.Web.Features.Calendar;

/// <summary>Finds the line of an error Ical.Net reported without one. Only run once a file has
/// failed: it loads each component alone, then each property of the failing one alone, and names
/// the first that fails by itself (each piece is read once more, so this stays linear).</summary>
internal static class CalendarErrorLocator
{
    public static CalendarFileError Locate(string text, CalendarStructure structure, Exception error)
    {
        var lines = text.Split('\n');
        foreach (var component in structure.Components)
        {
            var body = Slice(lines, component.Line, component.LastLine);
            if (Fails($"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{body}END:VCALENDAR\r\n") is null)
            {
                continue;
            }

            foreach (var property in component.Properties)
            {
                var single = Slice(lines, property.Line, property.LastLine);
                if (Fails($"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:{component.Name}\r\n{single}END:{component.Name}\r\nEND:VCALENDAR\r\n") is { } failure)
                {
                    return new CalendarFileError(property.Line, CalendarStructure.Line(property.Line, $"has a {property.Name} that cannot be read: {CalendarFileReader.Reason(failure)}"));
                }
            }

            return new CalendarFileError(component.Line, CalendarStructure.Line(component.Line, $"begins a {component.Name} that cannot be read: {CalendarFileReader.Reason(error)}"));
        }

        return new CalendarFileError(1, CalendarStructure.Line(1, $"begins a calendar that cannot be read: {CalendarFileReader.Reason(error)}"));
    }

    private static Exception? Fails(string calendar)
    {
        try
        {
            _ = IcalCalendar.Load(calendar);
            return null;
        }
        catch (Exception e) when (CalendarFileReader.IsParseError(e))
        {
            return e;
        }
    }

    /// <summary>Physical lines <paramref name="first"/> to <paramref name="last"/> (1-based), as written.</summary>
    private static string Slice(string[] lines, int first, int last)
    {
        var text = new StringBuilder();
        for (var i = first - 1; i < last && i < lines.Length; i++)
        {
            text.Append(lines[i].TrimEnd('\r')).Append("\r\n");
        }

        return text.ToString();
    }
}
