namespace PeakShop.Unit.Tests.Deploy;

/// <summary>Files of this repository, found from the test binaries by walking up to <c>App.sln</c>.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    /// <summary>Every <c>*.yaml</c>/<c>*.yml</c> under a folder, keyed by path relative to that folder ('/' separated).</summary>
    public static IReadOnlyDictionary<string, string> YamlFilesUnder(string relativeFolder)
    {
        var folder = PathOf(relativeFolder);
        return Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllText);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "App.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No App.sln above {AppContext.BaseDirectory}.");
    }
}
