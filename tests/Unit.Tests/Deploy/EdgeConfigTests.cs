using System.Globalization;
using System.Text.RegularExpressions;
using PeakShop.Infrastructure.Media;
using PeakShop.Web.Endpoints;

namespace PeakShop.Unit.Tests.Deploy;

/// <summary>
/// The load balancers in front of Web (local nginx template, compose nginx, the Kubernetes Ingress) agree with the
/// app and with each other: upload limit just above the app's, response-header buffers, no passive ejection,
/// only the shop's Host names passed on, and the public URL and AllowedHosts set wherever Web runs.
/// </summary>
public sealed partial class EdgeConfigTests
{
    private const string LocalNginx = "deploy/local/nginx.conf.template";
    private const string ComposeNginx = "deploy/compose/nginx.conf";
    private const string Ingress = "deploy/k8s/app/ingress.yaml";

    /// <summary>The largest upload body the app takes: Media:MaxBytes plus the multipart envelope.</summary>
    private static readonly long AppUploadLimit = new MediaOptions().MaxBytes + MediaEndpoints.FormOverhead;

    public static TheoryData<string> NginxConfigs => [LocalNginx, ComposeNginx];

    [Theory]
    [InlineData(LocalNginx)]
    [InlineData(ComposeNginx)]
    [InlineData(Ingress)]
    public void BodyLimit_IsJustAboveTheAppsUploadLimit(string file)
    {
        var limits = BodyLimits(file);

        Assert.NotEmpty(limits);
        Assert.All(limits, limit => AssertJustAbove(file, limit));
    }

    [Theory]
    [InlineData("client_max_body_size 10m;", false)]
    [InlineData("client_max_body_size 20m;", false)]
    [InlineData("client_max_body_size 21m;", true)]
    [InlineData("client_max_body_size 100m;", false)]
    public void BodyLimitCheck_FailsGivenALimitThatDisagrees(string line, bool agrees)
    {
        var limit = Assert.Single(NginxBodyLimit().Matches(line).Select(m => Bytes(m.Groups[1].Value)));
        Assert.Equal(agrees, limit > AppUploadLimit && limit <= AppUploadLimit + (2L << 20));
    }

    [Fact]
    public void ResponseHeaderBuffers_AreTheSameOnEveryBalancer()
    {
        var local = Directive(RepositoryFiles.Read(LocalNginx), "proxy_buffer_size");
        var compose = Directive(RepositoryFiles.Read(ComposeNginx), "proxy_buffer_size");
        var ingress = IngressAnnotations().Select(a => a.GetValueOrDefault("nginx.ingress.kubernetes.io/proxy-buffer-size")).First(v => v is not null);

        Assert.Equal("32k", local);
        Assert.Equal(local, compose);
        Assert.Equal(local, ingress);
        // Room for every legitimate header: a Location of LocalUrl.MaxLength and a few KB of cookies fit many times.
        Assert.True(Bytes(local!) >= 8 * LocalUrl.MaxLength);
    }

    [Theory]
    [InlineData(ComposeNginx)]
    [InlineData("deploy/local/topology.sh")]
    public void Upstreams_NeverEjectAReplicaForOneBadAnswer(string file)
    {
        var text = RepositoryFiles.Read(file);
        var fails = MaxFails().Matches(text).Select(m => m.Groups[1].Value).ToList();

        Assert.NotEmpty(fails);
        Assert.All(fails, f => Assert.Equal("0", f));
    }

    [Theory]
    [MemberData(nameof(NginxConfigs))]
    public void Nginx_RefusesUnknownHosts_AndNamesTheShopsHosts(string file)
    {
        var text = RepositoryFiles.Read(file);

        Assert.Matches(@"listen [^;]*default_server;\s*server_name _;", text);
        Assert.Matches(@"location / \{\s*return (421|444);\s*\}", text);
        Assert.Matches(@"server_name (?!_;)[^;]+;", text);
    }

    [Fact]
    public void Compose_SetsThePublicUrlAndAllowedHosts_InStepWithNginx()
    {
        var env = ComposeAppEnvironment();
        var serverNames = ServerNames().Matches(RepositoryFiles.Read(ComposeNginx)).SelectMany(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(n => n != "_").ToHashSet();

        var publicUrl = new Uri(env["Shop__PublicBaseUrl"]);
        var allowed = env["AllowedHosts"].Split(';');
        Assert.DoesNotContain("*", allowed);
        Assert.Contains(publicUrl.Host, allowed);
        Assert.Equal(serverNames.Order(), allowed.Order());
        // One setting for Web and Jobs: the worker's sitemap reads Shop__PublicBaseUrl too.
        Assert.DoesNotContain("Jobs__SiteBaseUrl", env.Keys);
        Assert.True(int.TryParse(env["Management__Port"], out var management) && management != 8080);
    }

    [Fact]
    public void RunScript_SetsThePublicUrlAllowedHostsAndManagementPorts()
    {
        var run = RepositoryFiles.Read("run.sh");

        Assert.Matches(@"export Shop__PublicBaseUrl=", run);
        Assert.Matches(@"export AllowedHosts=", run);
        Assert.Matches(@"MANAGEMENT_BASE_PORT=", run);
    }

    private static void AssertJustAbove(string file, long limit) =>
        Assert.True(limit > AppUploadLimit && limit <= AppUploadLimit + (2L << 20),
            $"{file}: body limit {limit} bytes must be just above the app's {AppUploadLimit} (Media:MaxBytes + form overhead), so the app's own 413 is what a user sees");

    private static List<long> BodyLimits(string file) => file == Ingress
        ? [.. IngressAnnotations().Select(a => a.GetValueOrDefault("nginx.ingress.kubernetes.io/proxy-body-size")).OfType<string>().Select(Bytes)]
        : [.. NginxBodyLimit().Matches(RepositoryFiles.Read(file)).Select(m => Bytes(m.Groups[1].Value))];

    private static IEnumerable<Dictionary<string, string>> IngressAnnotations() =>
        YamlNodes.LoadDocuments(RepositoryFiles.Read(Ingress)).Select(d => d.Strings("metadata", "annotations"));

    private static Dictionary<string, string> ComposeAppEnvironment()
    {
        var compose = YamlNodes.LoadDocuments(RepositoryFiles.Read("deploy/compose/compose.yaml")).Single();
        return compose.Strings("services", "web", "environment");
    }

    private static string? Directive(string config, string name) =>
        Regex.Match(config, $@"^\s*{Regex.Escape(name)}\s+([^;]+);", RegexOptions.Multiline) is { Success: true } m ? m.Groups[1].Value.Trim() : null;

    /// <summary>nginx sizes: bytes, or with k/m/g.</summary>
    private static long Bytes(string size)
    {
        var unit = char.ToLowerInvariant(size[^1]);
        var number = char.IsDigit(unit) ? size : size[..^1];
        var factor = unit switch { 'k' => 1L << 10, 'm' => 1L << 20, 'g' => 1L << 30, _ => 1L };
        return long.Parse(number, CultureInfo.InvariantCulture) * factor;
    }

    [GeneratedRegex(@"client_max_body_size\s+(\d+[kKmMgG]?);")]
    private static partial Regex NginxBodyLimit();

    [GeneratedRegex(@"max_fails=(\d+)")]
    private static partial Regex MaxFails();

    [GeneratedRegex(@"server_name ([^;]+);")]
    private static partial Regex ServerNames();
}
