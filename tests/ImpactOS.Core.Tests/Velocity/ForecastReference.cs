using System.Text.Json;
using ImpactOS.Core.Velocity;

namespace ImpactOS.Core.Tests.Velocity;

/// <summary>
/// The cases of Fixtures/forecast/reference.json: R's summary(survfit(..., start.time = t), times = t + Δ).
/// </summary>
internal static class ForecastReference
{
    private static readonly Lazy<IReadOnlyDictionary<string, ForecastCase>> s_cases = new(Load);

    public static IReadOnlyDictionary<string, ForecastCase> Cases => s_cases.Value;

    private static IReadOnlyDictionary<string, ForecastCase> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "forecast", "reference.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var cases = new Dictionary<string, ForecastCase>(StringComparer.Ordinal);
        foreach (var element in document.RootElement.GetProperty("cases").EnumerateArray())
        {
            var queries = new List<ForecastQuery>();
            foreach (var query in element.GetProperty("queries").EnumerateArray())
            {
                queries.Add(new ForecastQuery(
                    query.GetProperty("wait").GetDouble(),
                    query.GetProperty("delta").GetDouble(),
                    query.GetProperty("available").GetBoolean(),
                    NullableDouble(query.GetProperty("surv")),
                    NullableDouble(query.GetProperty("lower")),
                    NullableDouble(query.GetProperty("upper"))));
            }

            var name = element.GetProperty("name").GetString()!;
            var time = element.GetProperty("time").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var status = element.GetProperty("status").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            cases.Add(name, new ForecastCase(name, time, status, queries));
        }

        return cases;
    }

    private static double? NullableDouble(JsonElement value) =>
        value.ValueKind == JsonValueKind.Null ? null : value.GetDouble();
}

internal sealed record ForecastCase(string Name, double[] Time, int[] Status, IReadOnlyList<ForecastQuery> Queries)
{
    public IEnumerable<SurvivalObservation> Observations =>
        Time.Select((t, i) => new SurvivalObservation(t, Status[i] == 1));
}

/// <summary>One R answer: S(t + Δ | T ≥ t) and its log interval, or no row (<see cref="Available"/> false).</summary>
internal sealed record ForecastQuery(double Wait, double Delta, bool Available, double? Survival, double? Lower, double? Upper);
