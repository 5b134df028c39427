using ImpactOS.Web.Tests.Infrastructure;

namespace ImpactOS.Web.Tests.Foundation;

/// <summary>Our own stylesheets are well formed. A lost closing brace once turned every rule after
/// it into a rule nested inside `.table-responsive` (CSS nesting), so the flash stopped being fixed
/// and scrolled out of view; browsers report nothing, so this checks the braces.</summary>
public sealed class StylesheetTests
{
    public static TheoryData<string> Stylesheets()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "src", "ImpactOS.Web", "wwwroot", "css"), "*.css"))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Stylesheets))]
    public void EveryBlockOfOurStylesheetIsClosedBeforeTheNextTopLevelRuleBegins(string name)
    {
        var css = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "ImpactOS.Web", "wwwroot", "css", name));
        var depth = 0;
        var line = 1;
        var inComment = false;
        for (var i = 0; i < css.Length; i++)
        {
            var c = css[i];
            if (c == '\n')
            {
                line++;
            }

            if (inComment)
            {
                inComment = !(c == '*' && i + 1 < css.Length && css[i + 1] == '/');
                continue;
            }

            if (c == '/' && i + 1 < css.Length && css[i + 1] == '*')
            {
                inComment = true;
            }
            else if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                depth--;
                Assert.True(depth >= 0, $"{name}: a '}}' without its '{{' on line {line}.");
            }
            else if (depth == 1 && c == '.' && i > 0 && css[i - 1] == '\n')
            {
                // A class selector at the start of a line inside a block that is not an at-rule: a
                // top-level rule swallowed by an unclosed one (our nested rules are indented).
                Assert.Fail($"{name}: line {line} starts a rule inside an unclosed block.");
            }
        }

        Assert.Equal(0, depth);
    }
}
