using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace PeakShop.Unit.Tests.Deploy;

// References: every Service, port, ConfigMap, Secret, key, variable and host a manifest names exists.
internal sealed partial class ManifestChecker
{
    /// <summary>Keys of the Secret CloudNativePG generates for a Cluster's application owner (<c>&lt;cluster&gt;-app</c>).</summary>
    private static readonly HashSet<string> CnpgAppSecretKeys =
        ["username", "user", "password", "host", "port", "dbname", "uri", "jdbc-uri", "fqdn-uri", "fqdn-jdbc-uri", "pgpass"];

    public IEnumerable<string> ServiceSelectors()
    {
        foreach (var service in manifests.OfKind("Service"))
        {
            var selector = service.Root.Strings("spec", "selector");
            if (selector.Count > 0 && !manifests.Selected(selector).Any())
            {
                yield return $"{service}: selector {Show(selector)} matches the labels of no pod template";
            }
        }
    }

    public IEnumerable<string> ServicePorts()
    {
        foreach (var service in manifests.OfKind("Service"))
        {
            var pods = manifests.Selected(service.Root.Strings("spec", "selector")).ToList();
            foreach (var port in service.Root.Items("spec", "ports"))
            {
                var target = port.Text("targetPort") ?? port.Text("port") ?? "";
                foreach (var pod in pods.Where(p => !p.Containers.Any(c => HasPort(c, target))))
                {
                    yield return $"{service}: targetPort {target} is not a container port of {pod}";
                }
            }
        }
    }

    public IEnumerable<string> IngressBackends()
    {
        foreach (var ingress in manifests.OfKind("Ingress"))
        {
            foreach (var (_, backend) in Backends(ingress))
            {
                var name = backend.Text("service", "name") ?? "";
                if (manifests.Find("Service", name) is not { } service)
                {
                    yield return $"{ingress}: backend names no Service {name}";
                    continue;
                }
                var portName = backend.Text("service", "port", "name");
                var portNumber = backend.Text("service", "port", "number");
                if (!service.Root.Items("spec", "ports").Any(p => portName is not null ? p.Text("name") == portName : p.Text("port") == portNumber))
                {
                    yield return $"{ingress}: Service {name} has no port {portName ?? portNumber}";
                }
            }
        }
    }

    /// <summary>ConfigMaps and Secrets named by envFrom, valueFrom and volumes exist, with the keys asked for.</summary>
    public IEnumerable<string> ConfigReferences()
    {
        foreach (var pod in manifests.PodTemplates)
        {
            foreach (var container in pod.Containers)
            {
                foreach (var source in container.Items("envFrom"))
                {
                    if (source.At("configMapRef") is { } configMap && configMap.Text("optional") != "true" && ConfigMapKeys(configMap.Text("name")) is null)
                    {
                        yield return $"{pod} {Name(container)}: envFrom names no ConfigMap {configMap.Text("name")}";
                    }
                    if (source.At("secretRef") is { } secret && secret.Text("optional") != "true" && SecretKeys(secret.Text("name")) is null)
                    {
                        yield return $"{pod} {Name(container)}: envFrom names no Secret {secret.Text("name")}";
                    }
                }
                foreach (var env in container.Items("env"))
                {
                    foreach (var (refKind, kind, keys) in new[] { ("configMapKeyRef", "ConfigMap", (Func<string?, IReadOnlySet<string>?>)ConfigMapKeys), ("secretKeyRef", "Secret", SecretKeys) })
                    {
                        if (env.At("valueFrom", refKind) is not { } keyRef || keyRef.Text("optional") == "true")
                        {
                            continue;
                        }
                        var name = keyRef.Text("name");
                        var key = keyRef.Text("key") ?? "";
                        if (keys(name) is not { } known)
                        {
                            yield return $"{pod} {Name(container)}: {env.Text("name")} names no {kind} {name}";
                        }
                        else if (!known.Contains(key))
                        {
                            yield return $"{pod} {Name(container)}: {env.Text("name")} asks {kind} {name} for a key {key} it does not have";
                        }
                    }
                }
            }
            foreach (var volume in pod.Spec.Items("volumes"))
            {
                if (volume.At("configMap") is { } configMap && ConfigMapKeys(configMap.Text("name")) is null)
                {
                    yield return $"{pod}: volume {volume.Text("name")} names no ConfigMap {configMap.Text("name")}";
                }
                if (volume.At("secret") is { } secret && SecretKeys(secret.Text("secretName")) is null)
                {
                    yield return $"{pod}: volume {volume.Text("name")} names no Secret {secret.Text("secretName")}";
                }
            }
        }
    }

    /// <summary>A <c>$(VAR)</c> in an env value expands only variables defined before it (or by envFrom); in args, any of them.</summary>
    public IEnumerable<string> EnvExpansions()
    {
        foreach (var pod in manifests.PodTemplates)
        {
            foreach (var container in pod.Containers)
            {
                var defined = new HashSet<string>(container.Items("envFrom").SelectMany(s =>
                    (s.At("configMapRef") is { } c ? ConfigMapKeys(c.Text("name")) : SecretKeys(s.Text("secretRef", "name"))) ?? new HashSet<string>()));
                foreach (var env in container.Items("env"))
                {
                    foreach (var variable in Expansions(env.Text("value")).Where(v => !defined.Contains(v)))
                    {
                        yield return $"{pod} {Name(container)}: {env.Text("name")} expands $({variable}), which is not defined before it";
                    }
                    defined.Add(env.Text("name") ?? "");
                }
                var arguments = container.Items("command").Concat(container.Items("args")).Select(a => (a as YamlScalarNode)?.Value);
                foreach (var variable in arguments.SelectMany(Expansions).Where(v => !defined.Contains(v)))
                {
                    yield return $"{pod} {Name(container)}: its arguments expand $({variable}), which is not defined";
                }
            }
        }
    }

    /// <summary>
    /// <c>ConnectionStrings__Shop</c> lists the CloudNativePG primary service (-rw) first, then a standby service;
    /// <c>ConnectionStrings__Redis</c> names a Service; every app container uses the same values.
    /// </summary>
    public IEnumerable<string> ConnectionStrings()
    {
        var clusters = manifests.Documents.Where(d => d.Kind == "Cluster" && (d.Root.Text("apiVersion") ?? "").StartsWith("postgresql.cnpg.io/", StringComparison.Ordinal))
            .Select(d => d.Name).ToList();
        var services = manifests.OfKind("Service").Select(s => s.Name)
            .Concat(clusters.SelectMany(c => new[] { $"{c}-rw", $"{c}-ro", $"{c}-r" })).ToHashSet();
        var shopValues = new HashSet<string>();
        foreach (var pod in AppComponents.SelectMany(manifests.PodsOf))
        {
            foreach (var container in pod.Containers)
            {
                if (EnvValue(container, "ConnectionStrings__Shop") is not { } shop)
                {
                    yield return $"{pod} {Name(container)}: no ConnectionStrings__Shop";
                    continue;
                }
                shopValues.Add(shop);
                var hosts = ConnectionStringHosts.Npgsql(shop);
                if (hosts.Count == 0 || !clusters.Any(c => hosts[0] == $"{c}-rw"))
                {
                    yield return $"{pod} {Name(container)}: ConnectionStrings__Shop must list the primary (<cluster>-rw) first, not {hosts.FirstOrDefault()}";
                }
                if (!hosts.Skip(1).Any(h => clusters.Any(c => h == $"{c}-ro" || h == $"{c}-r")))
                {
                    yield return $"{pod} {Name(container)}: ConnectionStrings__Shop lists no standby (<cluster>-ro) for reads";
                }
                foreach (var host in hosts.Where(h => !services.Contains(h)))
                {
                    yield return $"{pod} {Name(container)}: ConnectionStrings__Shop host {host} is no Service";
                }
                if (pod.Component == "migrate")
                {
                    continue;
                }
                var redisHost = ConnectionStringHosts.Redis(EnvValue(container, "ConnectionStrings__Redis"));
                if (redisHost is null || !services.Contains(redisHost))
                {
                    yield return $"{pod} {Name(container)}: ConnectionStrings__Redis host {redisHost ?? "(missing)"} is no Service";
                }
            }
        }
        if (shopValues.Count > 1)
        {
            yield return $"app containers disagree on ConnectionStrings__Shop: {string.Join(" | ", shopValues)}";
        }
    }

    /// <summary>The committed Secret is a template: placeholders only, never a real value.</summary>
    public IEnumerable<string> SecretPlaceholders()
    {
        foreach (var secret in manifests.OfKind("Secret"))
        {
            if (secret.Root.At("data") is not null)
            {
                yield return $"{secret}: has data (base64); keep the template readable with stringData placeholders";
            }
            foreach (var entry in secret.Root.Strings("stringData").Where(e => !e.Value.StartsWith("REPLACE_ME", StringComparison.Ordinal)))
            {
                yield return $"{secret}: {entry.Key} holds a value, not a REPLACE_ME placeholder";
            }
        }
    }

    private IReadOnlySet<string>? ConfigMapKeys(string? name) =>
        manifests.Find("ConfigMap", name ?? "") is { } map ? map.Root.Strings("data").Keys.ToHashSet() : null;

    private IReadOnlySet<string>? SecretKeys(string? name)
    {
        if (manifests.Find("Secret", name ?? "") is { } secret)
        {
            return secret.Root.Strings("data").Keys.Concat(secret.Root.Strings("stringData").Keys).ToHashSet();
        }
        var generatedBy = manifests.OfKind("Cluster").FirstOrDefault(c => $"{c.Name}-app" == name);
        return generatedBy is null ? null : CnpgAppSecretKeys;
    }

    private static string Show(IReadOnlyDictionary<string, string> labels) => string.Join(",", labels.Select(l => $"{l.Key}={l.Value}"));

    private static IEnumerable<string> Expansions(string? value) =>
        value is null ? [] : ExpansionPattern().Matches(value).Select(m => m.Groups[1].Value);

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex ExpansionPattern();
}
