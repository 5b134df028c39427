using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImpactOS.Web.Infrastructure;

/// <summary>Chart.js configurations built on the server and handed to <c>wwwroot/js/charts.js</c>
/// as JSON (no inline script, so the content security policy stays strict).</summary>
public static class ChartConfig
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>JSON safe to place inside a <c>&lt;script type="application/json"&gt;</c> element.</summary>
    public static string ToJson(object config) =>
        JsonSerializer.Serialize(config, Options).Replace("</", "<\\/", StringComparison.Ordinal);

    /// <summary>The status colours of the velocity chips, for charts.</summary>
    public static readonly IReadOnlyDictionary<string, string> StatusColours = new Dictionary<string, string>
    {
        ["behind"] = "#d9534f",
        ["at_risk"] = "#f0ad4e",
        ["on_pace"] = "#2e9e5b",
        ["not_enough_data"] = "#adb5bd",
        ["complete"] = "#3d6bce",
        ["inactive"] = "#6c757d",
    };
}
