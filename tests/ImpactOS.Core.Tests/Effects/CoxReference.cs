using System.Text.Json;
using ImpactOS.Core.Effects;

namespace ImpactOS.Core.Tests.Effects;

/// <summary>The fits of Fixtures/cox/reference.json, written by reference.R with R's survival package.</summary>
internal static class CoxReference
{
    private static readonly Lazy<JsonDocument> s_document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "cox", "reference.json"))));

    public static JsonElement Root => s_document.Value.RootElement;

    public static IReadOnlyDictionary<string, RCoxCase> Cases { get; } = LoadCases();

    private static Dictionary<string, RCoxCase> LoadCases()
    {
        var cases = new Dictionary<string, RCoxCase>(StringComparer.Ordinal);
        foreach (var element in Root.GetProperty("cases").EnumerateArray())
        {
            var @case = RCoxCase.Parse(element);
            cases.Add(@case.Name, @case);
        }

        return cases;
    }

    public static double[] Doubles(JsonElement array) =>
        [.. array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble())];

    public static int[] Ints(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt32())];

    public static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    /// <summary>A JSON value that R may write as a scalar (length-1 vector, auto_unbox) or an array.</summary>
    public static JsonElement[] Items(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : [value];
}

internal sealed record RTest(double ChiSquare, int Df, double P)
{
    public static RTest? Parse(JsonElement e) => e.ValueKind == JsonValueKind.Null
        ? null
        : new RTest(e.GetProperty("chisq").GetDouble(), (int)e.GetProperty("df").GetDouble(), e.GetProperty("p").GetDouble());
}

/// <summary>One R fit: the rows as R used them and its results.</summary>
internal sealed record RCoxCase(
    string Name,
    CoxTies Ties,
    CoxData Data,
    double[] Coef,
    double[] Se,
    double[]? RobustSe,
    double[] Z,
    double[] P,
    double[] CiLow,
    double[] CiHigh,
    double[] LogLik,
    int Iterations,
    bool[] Infinite,
    string[] Warnings,
    RTest LikelihoodRatio,
    RTest Wald,
    RTest Score,
    RTest? RobustScore,
    string[] ZphTerms,
    double[] ZphChiSquare,
    double[] ZphP,
    RTest ZphGlobal)
{
    public static RCoxCase Parse(JsonElement element) => Parse(element.GetProperty("name").GetString()!, element);

    public static RCoxCase Parse(string name, JsonElement element)
    {
        var ties = element.GetProperty("ties").GetString() == "efron" ? CoxTies.Efron : CoxTies.Breslow;
        var data = element.GetProperty("data");
        var fit = element.GetProperty("fit");
        var zph = fit.GetProperty("zph");
        return new RCoxCase(
            name,
            ties,
            ReadData(data),
            Vector(fit.GetProperty("coef")),
            Vector(fit.GetProperty("se")),
            fit.GetProperty("robustSe").ValueKind == JsonValueKind.Null ? null : Vector(fit.GetProperty("robustSe")),
            Vector(fit.GetProperty("z")),
            Vector(fit.GetProperty("p")),
            Vector(fit.GetProperty("ciLow")),
            Vector(fit.GetProperty("ciHigh")),
            Vector(fit.GetProperty("logLik")),
            fit.GetProperty("iter").GetInt32(),
            [.. CoxReference.Items(fit.GetProperty("infinite")).Select(e => e.GetBoolean())],
            [.. CoxReference.Items(fit.GetProperty("warnings")).Select(e => e.GetString()!)],
            RTest.Parse(fit.GetProperty("likelihoodRatio"))!,
            RTest.Parse(fit.GetProperty("wald"))!,
            RTest.Parse(fit.GetProperty("score"))!,
            RTest.Parse(fit.GetProperty("robustScore")),
            [.. CoxReference.Items(zph.GetProperty("terms")).Select(e => e.GetString()!)],
            Vector(zph.GetProperty("chisq")),
            Vector(zph.GetProperty("p")),
            RTest.Parse(zph.GetProperty("global"))!);
    }

    private static double[] Vector(JsonElement value) =>
        [.. CoxReference.Items(value).Select(e => e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble())];

    public static CoxData ReadData(JsonElement data)
    {
        var start = CoxReference.Doubles(data.GetProperty("start"));
        var stop = CoxReference.Doubles(data.GetProperty("stop"));
        var events = CoxReference.Ints(data.GetProperty("event")).Select(e => e == 1).ToArray();
        var strata = CoxReference.Ints(data.GetProperty("stratum"));
        var clusterElement = data.GetProperty("cluster");
        var clusters = clusterElement.ValueKind == JsonValueKind.Null ? null : CoxReference.Ints(clusterElement);
        var terms = CoxReference.Items(data.GetProperty("terms")).Select(e => e.GetString()!).ToArray();
        var columns = CoxReference.Items(data.GetProperty("x")).Select(CoxReference.Doubles).ToArray();
        var n = start.Length;
        var x = new double[n * terms.Length];
        for (var r = 0; r < n; r++)
        {
            for (var j = 0; j < terms.Length; j++)
            {
                x[(r * terms.Length) + j] = columns[j][r];
            }
        }

        return new CoxData(start, stop, events, strata, clusters, x, terms);
    }
}
