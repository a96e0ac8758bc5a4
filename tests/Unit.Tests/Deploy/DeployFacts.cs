using System.Text.RegularExpressions;

namespace PeakShop.Unit.Tests.Deploy;

/// <summary>What the manifests must agree with, read from the application and the image.</summary>
internal sealed partial record DeployFacts(
    IReadOnlyList<string> HealthPaths,
    IReadOnlyList<string> EntrypointCommands,
    string AppImage,
    long AppUid)
{
    /// <summary>The .NET runtime image's <c>$APP_UID</c>, which the Dockerfile's <c>USER $APP_UID</c> runs as.</summary>
    public const long DotnetImageAppUid = 1654;

    /// <summary>The path of Blazor's circuit hub: the only path the load balancers pin to one replica.</summary>
    public const string BlazorPath = "/_blazor";

    public string LivePath => HealthPaths.Single(p => p.EndsWith("/live", StringComparison.Ordinal));

    public string ReadyPath => HealthPaths.Single(p => p.EndsWith("/ready", StringComparison.Ordinal));

    public static DeployFacts FromRepository() => new(
        HealthPathsIn(RepositoryFiles.Read("Web/Endpoints/OperatorEndpoints.cs")),
        CommandsIn(RepositoryFiles.Read("deploy/docker/entrypoint.sh")),
        "peakshop",
        DotnetImageAppUid);

    /// <summary>The paths given to <c>MapHealthChecks("...")</c>.</summary>
    public static IReadOnlyList<string> HealthPathsIn(string source) =>
        [.. HealthMapping().Matches(source).Select(m => m.Groups[1].Value)];

    /// <summary>The labels of the entrypoint's <c>case "$command" in</c>, except the catch-all.</summary>
    public static IReadOnlyList<string> CommandsIn(string script) =>
        [.. CaseLabel().Matches(script)
            .SelectMany(m => m.Groups[1].Value.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Where(label => label != "*")];

    [GeneratedRegex("""MapHealthChecks\("([^"]+)"\)?""")]
    private static partial Regex HealthMapping();

    [GeneratedRegex(@"^[ \t]*([\w| \t*-]+)\)[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex CaseLabel();
}
