namespace ImpactOS.Bench;

/// <summary>How big the generated world is. "full" is the scenario of the quality bar; "quick" the
/// same shape, ten times smaller, for a run under five minutes.</summary>
public sealed record Scale(
    string Name,
    int LargeCompanies,
    int LargeCoaches,
    int LargeInteractions,
    int DeepInteractions,
    int DeepUpdates,
    int LargeUpdates,
    int Programs,
    int Enrollments,
    int SmallTenants,
    int SmallMinCompanies,
    int SmallMaxCompanies,
    int[] GrowthCompanies)
{
    public static readonly Scale Full = new("full", 20_000, 20, 2_000_000, 48_400, 1_500, 100_000, 40, 30_000, 96, 20, 200, [1_000, 10_000, 20_000]);

    public static readonly Scale Quick = new("quick", 2_000, 8, 200_000, 9_700, 250, 10_000, 10, 3_000, 6, 20, 80, [100, 1_000, 2_000]);

    public static Scale Parse(string name) => name switch
    {
        "full" => Full,
        "quick" => Quick,
        _ => throw new ArgumentException($"Unknown scale '{name}' (full or quick)."),
    };
}
