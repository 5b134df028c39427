using System.Text.Json;
using ImpactOS.Core.Velocity;

namespace ImpactOS.Core.Tests.Velocity;

/// <summary>
/// The cases of Fixtures/competing/reference.json: R's survfit(Surv(time, endpoint) ~ 1), endpoint a factor.
/// </summary>
internal static class CompetingReference
{
    private static readonly Lazy<IReadOnlyDictionary<string, CompetingCase>> s_cases = new(Load);

    public static IReadOnlyDictionary<string, CompetingCase> Cases => s_cases.Value;

    private static IReadOnlyDictionary<string, CompetingCase> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "competing", "reference.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var cases = new Dictionary<string, CompetingCase>(StringComparer.Ordinal);
        foreach (var element in document.RootElement.GetProperty("cases").EnumerateArray())
        {
            var fit = element.GetProperty("fit");
            var name = element.GetProperty("name").GetString()!;
            var @case = new CompetingCase(
                name,
                Doubles(element.GetProperty("time")),
                [.. element.GetProperty("endpoint").EnumerateArray().Select(e => End(e.GetString()!))],
                Doubles(fit.GetProperty("time")),
                [.. fit.GetProperty("nRisk").EnumerateArray().Select(e => e.GetInt32())],
                States(fit),
                States(fit.GetProperty("stdErr")));
            cases.Add(name, @case);
        }

        return cases;
    }

    private static StepEndShares[] States(JsonElement element)
    {
        var open = Doubles(element.GetProperty("open"));
        var milestone = Doubles(element.GetProperty("milestone"));
        var shutDown = Doubles(element.GetProperty("shutDown"));
        var acquired = Doubles(element.GetProperty("acquired"));
        var states = new StepEndShares[open.Length];
        for (var i = 0; i < states.Length; i++)
        {
            states[i] = new StepEndShares(open[i], milestone[i], shutDown[i], acquired[i]);
        }

        return states;
    }

    private static StepEnd End(string name) => name switch
    {
        "censored" => StepEnd.Censored,
        "milestone" => StepEnd.Milestone,
        "shut_down" => StepEnd.ShutDown,
        "acquired" => StepEnd.Acquired,
        _ => throw new InvalidDataException($"Unknown endpoint '{name}'."),
    };

    private static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];
}

internal sealed record CompetingCase(
    string Name,
    double[] Time,
    StepEnd[] Endpoint,
    double[] FitTime,
    int[] FitAtRisk,
    StepEndShares[] Pstate,
    StepEndShares[] StandardError)
{
    public IEnumerable<StepEndObservation> Observations => Time.Select((t, i) => new StepEndObservation(t, Endpoint[i]));
}
