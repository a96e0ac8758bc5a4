using System.Diagnostics;
using PeakShop.Testing;

namespace PeakShop.Integration.Tests.Api.Client;

/// <summary>
/// The committed client in <c>Generated/</c> is what kiota makes of the committed OpenAPI snapshot today: it
/// compiles with this project, so a document a generated client cannot use fails the build here first.
/// </summary>
public sealed class GeneratedClientTests
{
    [Fact]
    public async Task CommittedClient_IsWhatKiotaGeneratesFromTheSnapshot()
    {
        var here = Path.Combine(TestPaths.RepositoryRoot(), "tests", "Integration.Tests", "Api", "Client");
        var fresh = Directory.CreateTempSubdirectory("peakshop-kiota-").FullName;
        try
        {
            using var generate = Process.Start(new ProcessStartInfo(Path.Combine(here, "generate.sh"), [fresh])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            var errors = await generate.StandardError.ReadToEndAsync();
            await generate.WaitForExitAsync();
            Assert.True(generate.ExitCode == 0, "generate.sh failed: " + errors);

            var committed = Files(Path.Combine(here, "Generated"));
            var generated = Files(fresh);

            Assert.Equal(generated.Keys.Order(StringComparer.Ordinal), committed.Keys.Order(StringComparer.Ordinal));
            var stale = generated.Where(file => committed[file.Key] != file.Value).Select(file => file.Key).ToList();
            Assert.True(stale.Count == 0,
                "The committed client is stale; run tests/Integration.Tests/Api/Client/generate.sh and commit: " + string.Join(", ", stale));
        }
        finally
        {
            Directory.Delete(fresh, recursive: true);
        }
    }

    private static Dictionary<string, string> Files(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(path => Path.GetRelativePath(folder, path), path => File.ReadAllText(path).ReplaceLineEndings("\n"));
}
