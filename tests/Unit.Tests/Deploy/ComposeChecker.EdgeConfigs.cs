using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace PeakShop.Unit.Tests.Deploy;

// The configs the compose file mounts for its edge: nginx in front of Web, Varnish in front of nginx.
internal sealed partial class ComposeChecker
{
    /// <summary>nginx: upstreams name services; only the /_blazor upstream is pinned; retries and WebSocket headers where they belong.</summary>
    private IEnumerable<string> Nginx(Dictionary<string, YamlNode> services)
    {
        var config = services.Values.SelectMany(BindSources).Where(s => s.EndsWith("nginx.conf", StringComparison.Ordinal)).Select(readFile).FirstOrDefault();
        if (config is null)
        {
            yield return "no service mounts an nginx.conf";
            yield break;
        }
        var upstreams = Blocks(config, @"upstream\s+(\S+)");
        var locations = Blocks(config, @"location\s+(?:=\s*)?(\S+)");
        foreach (var host in upstreams.Values.SelectMany(b => UpstreamServer().Matches(b).Select(m => m.Groups[1].Value)).Where(h => !services.ContainsKey(h)))
        {
            yield return $"nginx.conf: upstream server {host} is no service";
        }
        var pinned = upstreams.Where(u => StickyDirective().IsMatch(u.Value)).Select(u => u.Key).ToHashSet();
        foreach (var (path, body) in locations)
        {
            var upstream = ProxyPass().Match(body) is { Success: true } m ? m.Groups[1].Value : null;
            if (upstream is null)
            {
                continue;
            }
            if (path == DeployFacts.BlazorPath)
            {
                if (!pinned.Contains(upstream))
                {
                    yield return $"nginx.conf: {path} goes to upstream {upstream}, which has no affinity";
                }
                if (!body.Contains("Upgrade $http_upgrade", StringComparison.Ordinal) || !body.Contains("proxy_set_header Connection $connection_upgrade", StringComparison.Ordinal))
                {
                    yield return $"nginx.conf: {path} does not pass the WebSocket upgrade headers";
                }
            }
            else
            {
                if (pinned.Contains(upstream))
                {
                    yield return $"nginx.conf: {path} goes to the pinned upstream {upstream}; only {DeployFacts.BlazorPath} may be pinned";
                }
                if (path == "/" && !NextUpstream().IsMatch(body))
                {
                    yield return "nginx.conf: / does not retry another replica (proxy_next_upstream error timeout http_502 http_503)";
                }
            }
        }
        if (!locations.ContainsKey(DeployFacts.BlazorPath))
        {
            yield return $"nginx.conf: no location {DeployFacts.BlazorPath}";
        }
    }

    /// <summary>Varnish: backends are services, responses say HIT or MISS, PURGE is limited by an ACL.</summary>
    private IEnumerable<string> Varnish(Dictionary<string, YamlNode> services)
    {
        var vcl = services.Values.SelectMany(BindSources).Where(s => s.EndsWith(".vcl", StringComparison.Ordinal)).Select(readFile).FirstOrDefault();
        if (vcl is null)
        {
            yield return "no service mounts a VCL";
            yield break;
        }
        foreach (var host in VclBackendHost().Matches(vcl).Select(m => m.Groups[1].Value).Where(h => !services.ContainsKey(h)))
        {
            yield return $"VCL: backend host {host} is no service";
        }
        if (!vcl.Contains("X-Cache", StringComparison.Ordinal) || !vcl.Contains("\"HIT\"", StringComparison.Ordinal) || !vcl.Contains("\"MISS\"", StringComparison.Ordinal))
        {
            yield return "VCL: no X-Cache HIT/MISS header";
        }
        if (!PurgeGuard().IsMatch(vcl))
        {
            yield return "VCL: PURGE is not limited to an ACL (client.ip ~ acl)";
        }
    }

    /// <summary>Top-level-enough nginx blocks by their argument: <c>upstream web { ... }</c>, <c>location /_blazor { ... }</c>.</summary>
    private static Dictionary<string, string> Blocks(string config, string header)
    {
        var blocks = new Dictionary<string, string>();
        foreach (Match match in Regex.Matches(config, header + @"\s*\{"))
        {
            var depth = 1;
            var end = match.Index + match.Length;
            while (end < config.Length && depth > 0)
            {
                depth += config[end] == '{' ? 1 : config[end] == '}' ? -1 : 0;
                end++;
            }
            blocks[match.Groups[1].Value] = config[(match.Index + match.Length)..end];
        }
        return blocks;
    }

    [GeneratedRegex(@"^\s*server\s+([A-Za-z0-9_.-]+):\d+", RegexOptions.Multiline)]
    private static partial Regex UpstreamServer();

    [GeneratedRegex(@"^\s*(hash|ip_hash|sticky)\b", RegexOptions.Multiline)]
    private static partial Regex StickyDirective();

    [GeneratedRegex(@"proxy_pass\s+https?://([A-Za-z0-9_.-]+)")]
    private static partial Regex ProxyPass();

    [GeneratedRegex(@"proxy_next_upstream\s+error\s+timeout\s+http_502\s+http_503\s*;")]
    private static partial Regex NextUpstream();

    [GeneratedRegex("""\.host\s*=\s*"([^"]+)"\s*;""")]
    private static partial Regex VclBackendHost();

    [GeneratedRegex(@"req\.method\s*==\s*""PURGE""[\s\S]{0,200}client\.ip\s*!?~\s*\w+")]
    private static partial Regex PurgeGuard();
}
