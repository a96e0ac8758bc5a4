using System.Text.RegularExpressions;
using PeakShop.Unit.Tests.Deploy;

namespace PeakShop.Unit.Tests.Docs;

/// <summary>
/// The documentation a newcomer walks through holds together: every relative link of every Markdown file in the
/// repository names a file or folder that exists inside the repository, and a <c>#fragment</c> names a heading of the
/// Markdown file it points at. Moving a file without its links fails here, not in a reader's browser.
/// </summary>
public sealed partial class DocumentationLinksTests
{
    private static readonly string[] SkippedFolders = ["artifacts", ".local", "node_modules", ".git", "bin", "obj", "Generated"];

    [Fact]
    public void EveryRelativeLink_InEveryMarkdownFile_ResolvesInsideTheRepository()
    {
        var problems = new List<string>();
        var files = MarkdownFiles().ToList();
        foreach (var file in files)
        {
            foreach (var target in LinksOf(File.ReadAllText(file)))
            {
                if (Problem(file, target) is { } problem)
                {
                    problems.Add($"{Path.GetRelativePath(RepositoryFiles.Root, file)} -> {target}: {problem}");
                }
            }
        }

        Assert.True(files.Count > 10, $"only {files.Count} Markdown files found under {RepositoryFiles.Root}");
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [InlineData("See [the ADR](docs/decisions/0001-x.md#why) and ![shot](docs/a.png \"A\").", "docs/decisions/0001-x.md#why|docs/a.png")]
    [InlineData("```\n[not a link](nowhere.md)\n```\n<img alt=\"x\" src=\"docs/b.png\"> [web](https://example.com)", "docs/b.png|https://example.com")]
    public void LinksOf_FindsMarkdownAndImageLinks_OutsideCodeBlocks(string markdown, string expected) =>
        Assert.Equal(expected.Split('|'), LinksOf(markdown));

    [Theory]
    [InlineData("Issue 15 — Public API v1 (resolved)", "issue-15--public-api-v1-resolved")]
    [InlineData("The two commands", "the-two-commands")]
    [InlineData("`./run.sh` and `Database:*`", "runsh-and-database")]
    public void Slug_FollowsGitHubsHeadingAnchors(string heading, string slug) => Assert.Equal(slug, Slug(heading));

    private static IEnumerable<string> MarkdownFiles() =>
        Directory.EnumerateFiles(RepositoryFiles.Root, "*.md", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(RepositoryFiles.Root, f).Split(Path.DirectorySeparatorChar).Any(SkippedFolders.Contains))
            .Order(StringComparer.Ordinal);

    internal static IReadOnlyList<string> LinksOf(string markdown)
    {
        var prose = FencedCode().Replace(markdown, "");
        return [.. MarkdownLink().Matches(prose).Concat(ImageSource().Matches(prose)).OrderBy(m => m.Index).Select(m => m.Groups["target"].Value)];
    }

    private static string? Problem(string file, string target)
    {
        if (Scheme().IsMatch(target))
        {
            return null; // an address on the web: not this repository's to keep
        }
        var hash = target.IndexOf('#', StringComparison.Ordinal);
        var path = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
        var fragment = hash < 0 ? null : target[(hash + 1)..];
        var full = path.Length == 0 ? file : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, path));
        if (!full.StartsWith(RepositoryFiles.Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && full != RepositoryFiles.Root)
        {
            return "leaves the repository";
        }
        if (!File.Exists(full) && !Directory.Exists(full))
        {
            return "no such file or folder";
        }
        if (fragment is { Length: > 0 } && full.EndsWith(".md", StringComparison.Ordinal) && !HeadingSlugs(full).Contains(fragment))
        {
            return $"no heading #{fragment} there";
        }
        return null;
    }

    private static HashSet<string> HeadingSlugs(string file)
    {
        var text = FencedCode().Replace(File.ReadAllText(file), "");
        var slugs = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match heading in Heading().Matches(text))
        {
            var slug = Slug(heading.Groups["text"].Value);
            // GitHub numbers repeated headings: "notes", "notes-1", "notes-2".
            var unique = slug;
            for (var n = 1; !slugs.Add(unique); n++)
            {
                unique = $"{slug}-{n}";
            }
        }
        return slugs;
    }

    /// <summary>GitHub's anchor of a heading: lower case, punctuation dropped (letters, digits, '-' and '_' stay), spaces to '-'.</summary>
    internal static string Slug(string heading) =>
        NotSlugCharacter().Replace(heading.Trim().ToLowerInvariant(), "").Replace(' ', '-');

    [GeneratedRegex(@"^(```|~~~).*?^\1", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedCode();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"<img\s[^>]*src=""(?<target>[^""]+)""")]
    private static partial Regex ImageSource();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    private static partial Regex Scheme();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+?)\s*#*\s*$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^\p{L}\p{Nd}\p{Mn}\p{Pc}\- ]")]
    private static partial Regex NotSlugCharacter();
}
