using System.Text.Json;

namespace ImpactOS.Core.Tests.Velocity;

/// <summary>
/// The cases of Fixtures/velocity/reference.json, written by reference.R with R's survival package.
/// </summary>
internal static class RReference
{
    private static readonly Lazy<IReadOnlyDictionary<string, RCase>> s_cases = new(Load);

    public static IReadOnlyDictionary<string, RCase> Cases => s_cases.Value;

    public static RCase Get(string name) => Cases[name];

    private static IReadOnlyDictionary<string, RCase> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "velocity", "reference.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var cases = new Dictionary<string, RCase>(StringComparer.Ordinal);
        foreach (var element in document.RootElement.GetProperty("cases").EnumerateArray())
        {
            var fit = element.GetProperty("fit");
            var quantiles = element.GetProperty("quantiles");
            var probes = element.GetProperty("probes");
            var together = element.GetProperty("quantilesTogether");
            var alone = element.GetProperty("quantilesAlone");
            var @case = new RCase(
                element.GetProperty("name").GetString()!,
                Doubles(element.GetProperty("time")),
                Ints(element.GetProperty("status")),
                Doubles(fit.GetProperty("time")),
                Doubles(fit.GetProperty("surv")),
                Ints(fit.GetProperty("nRisk")),
                Ints(fit.GetProperty("nEvent")),
                Ints(fit.GetProperty("nCensor")),
                NullableDouble(quantiles.GetProperty("p25")),
                NullableDouble(quantiles.GetProperty("p50")),
                NullableDouble(quantiles.GetProperty("p75")),
                Doubles(probes.GetProperty("time")),
                Doubles(probes.GetProperty("surv")),
                Doubles(together.GetProperty("probs")),
                NullableDoubles(together.GetProperty("values")),
                Doubles(alone.GetProperty("probs")),
                NullableDoubles(alone.GetProperty("values")));
            cases.Add(@case.Name, @case);
        }

        return cases;
    }

    private static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];

    private static int[] Ints(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt32())];

    private static double? NullableDouble(JsonElement value) =>
        value.ValueKind == JsonValueKind.Null ? null : value.GetDouble();

    private static double?[] NullableDoubles(JsonElement array) => [.. array.EnumerateArray().Select(NullableDouble)];
}

internal sealed record RCase(
    string Name,
    double[] Time,
    int[] Status,
    double[] FitTime,
    double[] FitSurvival,
    int[] FitAtRisk,
    int[] FitEvents,
    int[] FitCensored,
    double? P25,
    double? P50,
    double? P75,
    double[] ProbeTimes,
    double[] ProbeSurvival,
    double[] TogetherProbabilities,
    double?[] TogetherQuantiles,
    double[] AloneProbabilities,
    double?[] AloneQuantiles)
{
    public IEnumerable<ImpactOS.Core.Velocity.SurvivalObservation> Observations =>
        Time.Select((t, i) => new ImpactOS.Core.Velocity.SurvivalObservation(t, Status[i] == 1));
}
