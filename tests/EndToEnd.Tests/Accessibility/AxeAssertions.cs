using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace PeakShop.EndToEnd.Tests.Accessibility;

/// <summary>Runs axe-core in the page and fails on any serious or critical violation, naming each one.</summary>
internal static class AxeAssertions
{
    public static async Task AssertNoSeriousViolationsAsync(IPage page)
    {
        var serious = await SeriousViolationsAsync(page);
        Assert.True(serious.Count == 0, $"axe found {serious.Count} serious or critical violation(s) on {page.Url}:\n{string.Join("\n", serious)}");
    }

    /// <summary>Each serious or critical violation as one line (impact, rule, help, first three targets); empty when none.</summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        var results = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
            // Only violations come back in full: listing every passing node costs seconds on a long page.
            ResultTypes = [ResultType.Violations],
        });
        return results.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Impact}: {v.Id} ({v.Help}) at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}")
            .ToList();
    }
}
