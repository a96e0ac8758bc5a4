using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace PeakShop.EndToEnd.Tests.Hosting;

/// <summary>
/// Records every Content-Security-Policy violation in a browser context: the page's <c>securitypolicyviolation</c>
/// events (reported through a binding, which the policy does not govern) and Chromium's console errors about the
/// policy or about the Permissions-Policy header. A test asserts none at the end.
/// </summary>
internal sealed class CspWatch
{
    private readonly ConcurrentQueue<string> _violations = new();

    public static async Task<CspWatch> AttachAsync(IBrowserContext context)
    {
        var watch = new CspWatch();
        await context.ExposeFunctionAsync("__peakshopCspViolation", (string report) => watch._violations.Enqueue(report));
        await context.AddInitScriptAsync("""
            document.addEventListener('securitypolicyviolation', e => window.__peakshopCspViolation(
                `${location.pathname}: ${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber} ${e.sample})`));
            """);
        context.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)
                || message.Text.Contains("Permissions-Policy", StringComparison.OrdinalIgnoreCase))
            {
                watch._violations.Enqueue($"console {message.Type}: {message.Text}");
            }
        };
        return watch;
    }

    public IReadOnlyCollection<string> Violations => _violations;

    /// <summary>Runs a test's steps; a step that fails is reported with the violations seen until then (often its cause).</summary>
    public async Task CheckAsync(Func<Task> steps)
    {
        try
        {
            await steps();
        }
        catch (Exception ex) when (!_violations.IsEmpty)
        {
            throw new Xunit.Sdk.XunitException("CSP violations:\n" + string.Join("\n", _violations) + "\nthen: " + ex);
        }
        AssertNone();
    }

    public void AssertNone() =>
        Assert.True(_violations.IsEmpty, "CSP violations:\n" + string.Join("\n", _violations));
}
