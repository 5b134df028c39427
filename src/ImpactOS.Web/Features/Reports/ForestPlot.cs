namespace ImpactOS.Web.Features.Reports;

/// <summary>One row of a forest plot: a label, a ratio and its 95 % interval (null bounds are open).</summary>
public sealed record ForestRow(string Label, double? Estimate, double? CiLow, double? CiHigh);

/// <summary>A forest plot of ratios (lift, hazard ratios) for Chart.js: floating bars on a log axis,
/// the interval as a bar, the estimate as a short dark bar, and a hairline at 1 on every row.
/// Rows without an estimate are left out (the table beside the chart says why).</summary>
public static class ForestPlot
{
    public static object Config(IEnumerable<ForestRow> rows, string estimateLabel, string axisTitle)
    {
        var shown = rows.Where(r => r.Estimate is not null).ToList();
        var max = Math.Max(4, shown.Count == 0 ? 4 : shown.Max(r => Math.Min(r.CiHigh ?? r.Estimate!.Value * 4, 1000)));
        var min = Math.Min(0.25, shown.Count == 0 ? 0.25 : shown.Min(r => Math.Max(r.CiLow ?? 0.01, 0.001)));
        return new
        {
            type = "bar",
            // charts.js labels every row, puts 1-2-5 ticks on the log axis and says the ratio in the tooltip.
            format = "forest",
            data = new
            {
                labels = shown.Select(r => r.Label).ToList(),
                datasets = new object[]
                {
                    new { label = "95% interval", data = shown.Select(r => new[] { Math.Max(r.CiLow ?? min, min), Math.Min(r.CiHigh ?? max, max) }).ToList(), backgroundColor = "rgba(61, 107, 206, 0.35)", barPercentage = 0.35, grouped = false },
                    new { label = estimateLabel, data = shown.Select(r => new[] { r.Estimate!.Value / 1.03, r.Estimate!.Value * 1.03 }).ToList(), backgroundColor = "#0b3d91", barPercentage = 0.8, grouped = false },
                    new { label = "No difference (1)", data = shown.Select(_ => new[] { 0.995, 1.005 }).ToList(), backgroundColor = "#d9534f", barPercentage = 1.0, grouped = false },
                },
            },
            options = new
            {
                indexAxis = "y",
                scales = new { x = new { type = "logarithmic", min, max, title = new { display = true, text = axisTitle } } },
                plugins = new { legend = new { position = "bottom" } },
            },
        };
    }
}
