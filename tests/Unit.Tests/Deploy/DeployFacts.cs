using System.Text.RegularExpressions;
using PeakShop.Web.Endpoints;

namespace PeakShop.Unit.Tests.Deploy;

/// <summary>What the manifests must agree with, read from the application and the image.</summary>
internal sealed partial record DeployFacts(
    IReadOnlyList<string> EntrypointCommands,
    string AppImage,
    long AppUid)
{
    /// <summary>The .NET runtime image's <c>$APP_UID</c>, which the Dockerfile's <c>USER $APP_UID</c> runs as.</summary>
    public const long DotnetImageAppUid = 1654;

    /// <summary>The path of Blazor's circuit hub: the only path the load balancers pin to one replica.</summary>
    public const string BlazorPath = "/_blazor";

    public string LivePath => OperatorEndpoints.LivePath;

    public string ReadyPath => OperatorEndpoints.ReadyPath;

    /// <summary>The app's probe endpoints, the only paths a manifest's probe may name.</summary>
    public IReadOnlyList<string> HealthPaths => [LivePath, ReadyPath];

    public static DeployFacts FromRepository() => new(
        CommandsIn(RepositoryFiles.Read("deploy/docker/entrypoint.sh")),
        "peakshop",
        DotnetImageAppUid);

    /// <summary>The labels of the entrypoint's <c>case "$command" in</c>, except the catch-all.</summary>
    public static IReadOnlyList<string> CommandsIn(string script) =>
        [.. CaseLabel().Matches(script)
            .SelectMany(m => m.Groups[1].Value.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Where(label => label != "*")];

    [GeneratedRegex(@"^[ \t]*([\w| \t*-]+)\)[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex CaseLabel();
}
