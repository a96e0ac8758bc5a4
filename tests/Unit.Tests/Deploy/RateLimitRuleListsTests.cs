using System.Text.RegularExpressions;
using PeakShop.Infrastructure.RateLimiting;
using PeakShop.Testing;

namespace PeakShop.Unit.Tests.Deploy;

/// <summary>
/// The lists of rate-limit rules outside the code (the scripts that lift limits for one load generator, the test hosts'
/// generous limits) name every rule of <see cref="RateLimitOptions"/>: a new rule missing from them would throttle the
/// load-test smoke or a test host.
/// </summary>
public sealed partial class RateLimitRuleListsTests
{
    private static readonly string[] Rules =
        [.. typeof(RateLimitOptions).GetProperties().Where(p => p.PropertyType == typeof(RateLimitRule)).Select(p => p.Name).Order(StringComparer.Ordinal)];

    [Fact]
    public void ScriptList_NamesEveryPageRule()
    {
        var pages = ListIn(RepositoryFiles.Read("deploy/local/lib/rate-limits.sh"), "PAGE_RATE_LIMIT_RULES");

        Assert.Equal(Rules.Where(rule => !rule.StartsWith("Api", StringComparison.Ordinal)).ToArray(), pages.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void TestHosts_LiftEveryRule() =>
        Assert.Equal(Rules, TestRateLimits.Rules.Order(StringComparer.Ordinal).ToArray());

    private static string[] ListIn(string script, string name)
    {
        var match = Regex.Match(script, $@"^{name}=\(([^)]*)\)", RegexOptions.Multiline);
        Assert.True(match.Success, $"{name}=( … ) not found");
        return match.Groups[1].Value.Split([' ', '\n', '\\'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
