using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PeakShop.Unit.Tests.Deploy;

/// <summary>
/// Checks a compose file and the config files it mounts (nginx, Varnish, scripts) against each other,
/// since no container engine runs here. Returns one line per problem; empty means consistent.
/// The nginx and Varnish checks are in ComposeChecker.EdgeConfigs.cs.
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
                    ? [ConnectionStringHosts.Redis(value) ?? ""]
                    : ConnectionStringHosts.Npgsql(value);
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

    [GeneratedRegex(@"pg_basebackup[^\n]*(\s-R\b|--write-recovery-conf)")]
    private static partial Regex BaseBackupWritesRecoveryConfig();
}
