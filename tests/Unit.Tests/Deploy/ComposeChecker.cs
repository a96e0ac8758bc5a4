using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PeakShop.Unit.Tests.Deploy;

/// <summary>
/// Checks a compose file and the config files it mounts (nginx, Varnish, scripts) against each other,
/// since no container engine runs here. Returns one line per problem; empty means consistent.
/// </summary>
/// <param name="composeYaml">The compose file.</param>
/// <param name="readFile">Reads a file relative to the compose file's folder; null when it does not exist.</param>
/// <param name="facts">What the app and its image support.</param>
internal sealed partial class ComposeChecker(string composeYaml, Func<string, string?> readFile, DeployFacts facts)
{
    private static readonly HashSet<string> Conditions = ["service_started", "service_healthy", "service_completed_successfully"];

    public IReadOnlyList<string> Check()
    {
        YamlNode root;
        try
        {
            root = YamlNodes.LoadDocuments(composeYaml).Single();
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException)
        {
            return [$"compose file does not parse: {ex.Message}"];
        }
        var services = root.Entries("services").ToDictionary(e => e.Key, e => e.Value);
        if (services.Count == 0)
        {
            return ["compose file has no services"];
        }
        return
        [
            .. DependsOn(services),
            .. Healthchecks(services),
            .. ConnectionStrings(services),
            .. AppServices(services),
            .. Mounts(services),
            .. Standby(services),
            .. Nginx(services),
            .. Varnish(services),
        ];
    }

    private static IEnumerable<string> DependsOn(Dictionary<string, YamlNode> services)
    {
        foreach (var (name, service) in services)
        {
            foreach (var (dependency, condition) in Dependencies(service))
            {
                if (!services.TryGetValue(dependency, out var target))
                {
                    yield return $"{name}: depends_on {dependency}, which is no service";
                    continue;
                }
                if (!Conditions.Contains(condition))
                {
                    yield return $"{name}: depends_on {dependency} with unknown condition {condition}";
                }
                if (condition == "service_healthy" && target.At("healthcheck") is null)
                {
                    yield return $"{name}: waits for {dependency} to be healthy, but it has no healthcheck";
                }
                if (condition == "service_completed_successfully" && !IsOneShot(target))
                {
                    yield return $"{name}: waits for {dependency} to complete, but it restarts (restart: \"no\" expected)";
                }
            }
        }
    }

    private static IEnumerable<string> Healthchecks(Dictionary<string, YamlNode> services) =>
        services.Where(s => !IsOneShot(s.Value) && s.Value.At("healthcheck", "test") is null)
            .Select(s => $"{s.Key}: no healthcheck");

    /// <summary>Hosts in <c>ConnectionStrings__*</c> are compose services; the shop lists a primary and a standby.</summary>
    private static IEnumerable<string> ConnectionStrings(Dictionary<string, YamlNode> services)
    {
        foreach (var (name, service) in services)
        {
            foreach (var (key, value) in Environment(service).Where(e => e.Key.StartsWith("ConnectionStrings__", StringComparison.Ordinal)))
            {
                IReadOnlyList<string> hosts = key == "ConnectionStrings__Redis"
                    ? [ManifestChecker.RedisHost(value) ?? ""]
                    : ManifestChecker.NpgsqlHosts(value);
                foreach (var host in hosts.Where(h => !services.ContainsKey(h)))
                {
                    yield return $"{name}: {key} host {host} is no service";
                }
                if (key == "ConnectionStrings__Shop" && hosts.Count < 2)
                {
                    yield return $"{name}: {key} lists no standby after the primary";
                }
            }
        }
    }

    /// <summary>Web, Jobs and migrate run one image, with a command its entrypoint knows; Web runs at least twice.</summary>
    private IEnumerable<string> AppServices(Dictionary<string, YamlNode> services)
    {
        var app = services.Where(s => s.Value.At("build") is not null).ToList();
        foreach (var (name, service) in app)
        {
            var command = (service.Items("command").FirstOrDefault() as YamlScalarNode)?.Value ?? "web";
            if (!facts.EntrypointCommands.Contains(command))
            {
                yield return $"{name}: command {command} is not a command of entrypoint.sh";
            }
        }
        if (app.Select(s => s.Value.Text("image")).Distinct().Count() != 1)
        {
            yield return "the app services do not share one image";
        }
        foreach (var required in new[] { "web", "jobs", "migrate" }.Where(c => !app.Any(s => (s.Value.Items("command").FirstOrDefault() as YamlScalarNode)?.Value == c)))
        {
            yield return $"no service runs {required}";
        }
        var webReplicas = app.Where(s => (s.Value.Items("command").FirstOrDefault() as YamlScalarNode)?.Value == "web")
            .Sum(s => int.TryParse(s.Value.Text("deploy", "replicas"), out var n) ? n : 1);
        if (webReplicas < 2)
        {
            yield return $"web runs {webReplicas} replica(s); at least 2 expected";
        }
    }

    /// <summary>Bind-mounted files exist beside the compose file.</summary>
    private IEnumerable<string> Mounts(Dictionary<string, YamlNode> services) =>
        from s in services
        from source in BindSources(s.Value)
        where readFile(source) is null
        select $"{s.Key}: mounts {source}, which does not exist";

    /// <summary>Some service is a standby cloned with <c>pg_basebackup -R</c> (in its command or a mounted script).</summary>
    private IEnumerable<string> Standby(Dictionary<string, YamlNode> services)
    {
        var cloned = services.Values.Any(service =>
        {
            var text = string.Join(' ', service.Items("command").Concat(service.Items("entrypoint")).Select(n => (n as YamlScalarNode)?.Value))
                + string.Concat(BindSources(service).Select(readFile));
            // Join shell line continuations (backslash, newline), so a wrapped pg_basebackup reads as one command.
            text = text.Replace("\\\n", " ", StringComparison.Ordinal);
            return text.Contains("pg_basebackup", StringComparison.Ordinal) && BaseBackupWritesRecoveryConfig().IsMatch(text);
        });
        if (!cloned)
        {
            yield return "no service initialises a standby with pg_basebackup -R";
        }
    }

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
            if (path == ManifestChecker.BlazorPath)
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
                    yield return $"nginx.conf: {path} goes to the pinned upstream {upstream}; only {ManifestChecker.BlazorPath} may be pinned";
                }
                if (path == "/" && !NextUpstream().IsMatch(body))
                {
                    yield return "nginx.conf: / does not retry another replica (proxy_next_upstream error timeout http_502 http_503)";
                }
            }
        }
        if (!locations.ContainsKey(ManifestChecker.BlazorPath))
        {
            yield return $"nginx.conf: no location {ManifestChecker.BlazorPath}";
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

    private static bool IsOneShot(YamlNode service) => service.Text("restart") == "no";

    private static IEnumerable<(string Name, string Condition)> Dependencies(YamlNode service) =>
        service.At("depends_on") switch
        {
            YamlSequenceNode list => list.Children.Select(n => ((n as YamlScalarNode)?.Value ?? "", "service_started")),
            YamlMappingNode map => map.Children.Select(e => (((YamlScalarNode)e.Key).Value ?? "", e.Value.Text("condition") ?? "service_started")),
            _ => [],
        };

    private static IEnumerable<KeyValuePair<string, string>> Environment(YamlNode service) =>
        service.At("environment") switch
        {
            YamlMappingNode map => map.Children.Select(e => new KeyValuePair<string, string>(((YamlScalarNode)e.Key).Value ?? "", (e.Value as YamlScalarNode)?.Value ?? "")),
            YamlSequenceNode list => list.Children.Select(n => ((n as YamlScalarNode)?.Value ?? "").Split('=', 2))
                .Select(kv => new KeyValuePair<string, string>(kv[0], kv.Length > 1 ? kv[1] : "")),
            _ => [],
        };

    /// <summary>Sources of short-syntax bind mounts (<c>./file:/target[:ro]</c>), relative to the compose folder.</summary>
    private static IEnumerable<string> BindSources(YamlNode service) =>
        service.Items("volumes").Select(v => (v as YamlScalarNode)?.Value ?? v.Text("source") ?? "")
            .Select(v => v.Split(':')[0])
            .Where(source => source.StartsWith("./", StringComparison.Ordinal) || source.StartsWith("../", StringComparison.Ordinal))
            .Select(source => source.StartsWith("./", StringComparison.Ordinal) ? source[2..] : source);

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

    [GeneratedRegex(@"pg_basebackup[^\n]*(\s-R\b|--write-recovery-conf)")]
    private static partial Regex BaseBackupWritesRecoveryConfig();

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
