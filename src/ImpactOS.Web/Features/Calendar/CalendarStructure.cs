using System.Globalization;

namespace ImpactOS.Web.Features.Calendar;

/// <summary>The lines of a calendar file, checked before the library reads it: Ical.Net keeps no
/// line numbers and reports some mistakes without one, so this names the line. Only the lexical
/// layer of RFC 5545 (§3.1: folded content lines <c>NAME;PARAM=x:value</c>, BEGIN/END nesting) is
/// checked here; values are the library's to parse.</summary>
internal sealed class CalendarStructure
{
    /// <summary>A property of a component: its name, the line it starts on, the last line it is
    /// folded onto, and how many comma-separated values it has.</summary>
    public sealed record Property(string Name, int Line, int LastLine, int Values);

    /// <summary>A component directly inside the VCALENDAR (VEVENT, VTIMEZONE, …) and its own properties.</summary>
    public sealed class Component(string name, int line)
    {
        public string Name { get; } = name;

        public int Line { get; } = line;

        public int LastLine { get; set; }

        public List<Property> Properties { get; } = [];

        /// <summary>The line of the <paramref name="index"/>-th property named <paramref name="name"/>.</summary>
        public int LineOf(string name, int index = 0) => Find(name, index)?.Line ?? Line;

        public bool Has(string name) => Find(name, 0) is not null;

        public Property? Find(string name, int index)
        {
            foreach (var property in Properties)
            {
                if (property.Name == name && index-- == 0)
                {
                    return property;
                }
            }

            return null;
        }
    }

    private readonly List<Component> _components = [];
    private readonly Stack<(string Name, int Line)> _open = new();
    private Component? _current;
    private bool _closed;
    private bool _started;

    public IReadOnlyList<Component> Components => _components;

    /// <summary>Checks <paramref name="text"/>; answers its components, or the first problem.</summary>
    public static (CalendarStructure? Structure, CalendarFileError? Error) Check(string text)
    {
        var structure = new CalendarStructure();
        var error = structure.Scan(text);
        return error is null ? (structure, null) : (null, error);
    }

    private CalendarFileError? Scan(string text)
    {
        var lineNumber = 0;
        var logicalStart = 0;
        var logicalLast = 0;
        var logical = new System.Text.StringBuilder();
        var position = 0;
        while (position < text.Length)
        {
            var end = text.IndexOf('\n', position);
            if (end < 0)
            {
                end = text.Length;
            }

            var line = text.AsSpan(position, end - position).TrimEnd('\r');
            lineNumber++;
            position = end + 1;
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t'))
            {
                // A folded line goes on the one before (RFC 5545 §3.1): its first space is not content.
                if (logical.Length == 0)
                {
                    return new CalendarFileError(lineNumber, Line(lineNumber, "starts with a space, but there is no line before it to continue."));
                }

                logical.Append(line[1..]);
                logicalLast = lineNumber;
                continue;
            }

            if (logical.Length > 0)
            {
                var error = Accept(logical.ToString(), logicalStart, logicalLast);
                if (error is not null)
                {
                    return error;
                }

                logical.Clear();
            }

            if (line.Length > 0)
            {
                logical.Append(line);
                logicalStart = lineNumber;
                logicalLast = lineNumber;
            }
        }

        if (logical.Length > 0)
        {
            var error = Accept(logical.ToString(), logicalStart, logicalLast);
            if (error is not null)
            {
                return error;
            }
        }

        if (_open.Count > 0)
        {
            var (name, line) = _open.Peek();
            return new CalendarFileError(line, Line(line, $"opens {name} (BEGIN:{name}), but the file ends before END:{name}."));
        }

        return _started ? null : new CalendarFileError(1, "The file is empty: it has no calendar (BEGIN:VCALENDAR).");
    }

    /// <summary>One unfolded content line.</summary>
    private CalendarFileError? Accept(string line, int number, int last)
    {
        // Tab is the one control character a content line may hold (RFC 5545 §3.1, WSP).
        var control = IndexOfControl(line);
        if (control >= 0)
        {
            return new CalendarFileError(number, Line(number, $"has the control character U+{(int)line[control]:X4}: this is not a text calendar file (.ics)."));
        }

        if (!TrySplit(line, out var name, out var value))
        {
            return new CalendarFileError(number, Line(number, $"is not a calendar property (NAME:value or NAME;PARAMETER=x:value): “{Excerpt(line)}”."));
        }

        if (_closed)
        {
            return new CalendarFileError(number, Line(number, "comes after END:VCALENDAR; a file holds one calendar."));
        }

        if (!_started && (name != "BEGIN" || !IsName(value, "VCALENDAR")))
        {
            return new CalendarFileError(number, Line(number, "should be BEGIN:VCALENDAR: this is not an iCalendar file (.ics)."));
        }

        switch (name)
        {
            case "BEGIN":
                return Begin(value.Trim().ToUpperInvariant(), number);
            case "END":
                return End(value.Trim().ToUpperInvariant(), number);
            default:
                if (_open.Count == 2)
                {
                    _current!.Properties.Add(new Property(name, number, last, value.Count(',') + 1));
                }
                else if (_open.Count > 2 && _current is not null)
                {
                    _current.LastLine = last;
                }

                return null;
        }
    }

    private CalendarFileError? Begin(string component, int number)
    {
        if (!IsValidName(component))
        {
            return new CalendarFileError(number, Line(number, "has BEGIN without a component name."));
        }

        _started = true;
        _open.Push((component, number));
        if (_open.Count == 2)
        {
            _current = new Component(component, number);
            _components.Add(_current);
        }

        return null;
    }

    private CalendarFileError? End(string component, int number)
    {
        if (_open.Count == 0 || _open.Peek().Name != component)
        {
            return _open.Count == 0
                ? new CalendarFileError(number, Line(number, $"has END:{component}, but no component is open."))
                : new CalendarFileError(number, Line(number, $"has END:{component}, but BEGIN:{_open.Peek().Name} of line {_open.Peek().Line} is still open."));
        }

        _open.Pop();
        if (_open.Count == 1 && _current is not null)
        {
            _current.LastLine = number;
            _current = null;
        }

        _closed = _open.Count == 0;
        return null;
    }

    /// <summary>Splits <c>NAME;PARAM="a:b":value</c> at its first colon outside quotes.</summary>
    private static bool TrySplit(string line, out string name, out string value)
    {
        (name, value) = ("", "");
        var nameEnd = line.AsSpan().IndexOfAny(';', ':');
        if (nameEnd <= 0 || !IsValidName(line.AsSpan(0, nameEnd)))
        {
            return false;
        }

        var quoted = false;
        for (var i = nameEnd; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                quoted = !quoted;
            }
            else if (line[i] == ':' && !quoted)
            {
                name = line[..nameEnd].ToUpperInvariant();
                value = line[(i + 1)..];
                return true;
            }
        }

        return false;
    }

    /// <summary>RFC 5545 names: letters, digits and dashes (iana-token, x-name).</summary>
    private static bool IsValidName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    private static int IndexOfControl(string line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            if ((line[i] < ' ' && line[i] != '\t') || line[i] == '\x7f')
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsName(string value, string name) => value.Trim().Equals(name, StringComparison.OrdinalIgnoreCase);

    private static string Excerpt(string line) => line.Length <= 60 ? line : string.Concat(line.AsSpan(0, 60), "…");

    internal static string Line(int number, string what) => string.Create(CultureInfo.InvariantCulture, $"Line {number} {what}");
}
