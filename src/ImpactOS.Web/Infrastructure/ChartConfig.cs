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
}
