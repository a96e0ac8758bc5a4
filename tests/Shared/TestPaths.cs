namespace PeakShop.Testing;

internal static class TestPaths
{
    /// <summary>The folder with App.sln, found from the test binaries (tests run from artifacts/bin/...).</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "App.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("App.sln not found above " + AppContext.BaseDirectory);
    }
}
