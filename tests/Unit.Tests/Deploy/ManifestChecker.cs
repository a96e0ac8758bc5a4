using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace PeakShop.Unit.Tests.Deploy;

/// <summary>
/// Checks the references between Kubernetes manifests that only a cluster would otherwise catch:
/// selectors, ports, probes, Secrets and ConfigMaps, images, entrypoint commands, autoscaling,
/// ingress affinity. Returns one line per problem; an empty list means consistent.
/// </summary>
internal sealed partial class ManifestChecker(KubernetesManifests manifests, DeployFacts facts)
{
    public const string BlazorPath = "/_blazor";

    private const string AffinityAnnotation = "nginx.ingress.kubernetes.io/affinity";

    /// <summary>The processes of the one PeakShop image, by their <c>app.kubernetes.io/component</c> label.</summary>
    private static readonly string[] AppComponents = ["web", "jobs", "migrate"];

    /// <summary>Keys of the Secret CloudNativePG generates for a Cluster's application owner (<c>&lt;cluster&gt;-app</c>).</summary>
    private static readonly HashSet<string> CnpgAppSecretKeys =
        ["username", "user", "password", "host", "port", "dbname", "uri", "jdbc-uri", "fqdn-uri", "fqdn-jdbc-uri", "pgpass"];

    private static readonly string[] ProbeKinds = ["startupProbe", "readinessProbe", "livenessProbe"];

    /// <summary>The .NET host's default <c>HostOptions.ShutdownTimeout</c>.</summary>
    private const int DefaultShutdownSeconds = 30;

    public IReadOnlyList<string> Check() =>
    [
        .. manifests.ParseProblems,
        .. Structure(),
        .. Kustomizations(),
        .. ServiceSelectors(),
        .. ServicePorts(),
        .. Probes(),
        .. IngressBackends(),
        .. SessionAffinity(),
        .. Autoscaling(),
        .. ConfigReferences(),
        .. EnvExpansions(),
        .. AppImages(),
        .. EntrypointArgs(),
        .. Resources(),
        .. SecurityContexts(),
        .. GracefulShutdown(),
        .. UnexposedWorkers(),
        .. ConnectionStrings(),
        .. SecretPlaceholders(),
        .. PublicAddress(),
    ];

    public IEnumerable<string> Structure()
    {
        foreach (var doc in manifests.Documents)
        {
            if (doc.Root.Text("apiVersion") is null or "")
            {
                yield return $"{doc}: no apiVersion";
            }
            if (doc.Kind == "")
            {
                yield return $"{doc}: no kind";
            }
            if (doc.Kind != "Kustomization" && doc.Name == "")
            {
                yield return $"{doc}: no metadata.name";
            }
        }
        foreach (var duplicate in manifests.Documents.Where(d => d.Kind != "Kustomization").GroupBy(d => (d.Kind, d.Name)).Where(g => g.Count() > 1))
        {
            yield return $"{duplicate.Key.Kind}/{duplicate.Key.Name} is defined {duplicate.Count()} times ({string.Join(", ", duplicate.Select(d => d.Source))})";
        }
    }

    /// <summary>Every resource a kustomization lists exists, every manifest is listed, all pin the same app image.</summary>
    public IEnumerable<string> Kustomizations()
    {
        var listed = new HashSet<string>(StringComparer.Ordinal);
        var images = new List<(string Source, string Image)>();
        foreach (var kustomization in manifests.OfKind("Kustomization"))
        {
            var folder = Folder(kustomization.Source);
            var files = new List<string>();
            foreach (var resource in kustomization.Root.Items("resources").Select(r => (r as YamlScalarNode)?.Value ?? ""))
            {
                var path = Combine(folder, resource);
                if (manifests.Sources.Contains(path))
                {
                    files.Add(path);
                }
                else if (!manifests.Sources.Contains(Combine(path, "kustomization.yaml")))
                {
                    yield return $"{kustomization.Source}: resource {resource} does not exist";
                    continue;
                }
                listed.Add(path);
            }
            var pinned = kustomization.Root.Items("images").FirstOrDefault(i => i.Text("name") == facts.AppImage);
            if (pinned is not null)
            {
                images.Add((kustomization.Source, $"{pinned.Text("newName") ?? facts.AppImage}:{pinned.Text("newTag") ?? pinned.Text("digest") ?? "latest"}"));
            }
            else if (manifests.PodTemplates.Any(p => files.Contains(p.Owner.Source) && p.Containers.Any(c => c.Text("image") == facts.AppImage)))
            {
                yield return $"{kustomization.Source}: deploys image {facts.AppImage} but sets no images: entry for it (no registry, no tag)";
            }
        }
        foreach (var source in manifests.Sources.Where(s => !IsKustomization(s) && !listed.Contains(s)))
        {
            yield return $"{source}: not listed in any kustomization.yaml, so it is never applied";
        }
        if (images.Select(i => i.Image).Distinct().Count() > 1)
        {
            yield return $"kustomizations pin different {facts.AppImage} images, so migrate and the app would run different releases: {string.Join(", ", images.Select(i => $"{i.Source} {i.Image}"))}";
        }
    }

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

    /// <summary>HTTP probes ask the app's real health endpoints on a declared port; Web has all three probes.</summary>
    public IEnumerable<string> Probes()
    {
        foreach (var pod in manifests.PodTemplates)
        {
            foreach (var container in pod.Containers)
            {
                foreach (var kind in ProbeKinds)
                {
                    if (container.At(kind, "httpGet") is not { } get)
                    {
                        continue;
                    }
                    var path = get.Text("path") ?? "/";
                    if (!facts.HealthPaths.Contains(path))
                    {
                        yield return $"{pod} {Name(container)}: {kind} path {path} is not a health endpoint of the app ({string.Join(", ", facts.HealthPaths)})";
                    }
                    var port = get.Text("port") ?? "";
                    if (!HasPort(container, port))
                    {
                        yield return $"{pod} {Name(container)}: {kind} probe port {port} is not a port of the container";
                    }
                }
            }
        }
        foreach (var pod in manifests.PodsOf("web"))
        {
            foreach (var container in pod.Containers)
            {
                foreach (var (kind, path) in new[] { ("startupProbe", (string?)null), ("readinessProbe", facts.ReadyPath), ("livenessProbe", facts.LivePath) })
                {
                    if (container.At(kind) is null)
                    {
                        yield return $"{pod} {Name(container)}: no {kind}";
                    }
                    else if (path is not null && container.Text(kind, "httpGet", "path") != path)
                    {
                        yield return $"{pod} {Name(container)}: {kind} must ask {path}";
                    }
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

    /// <summary>
    /// Only <c>/_blazor</c> is pinned. ingress-nginx keeps affinity per backend (Service and port), not per
    /// path, so the pinned path needs a Service that no round-robin path uses.
    /// </summary>
    public IEnumerable<string> SessionAffinity()
    {
        var pinnedServices = new HashSet<string>();
        var roundRobinServices = new HashSet<string>();
        var blazorPinned = false;
        foreach (var ingress in manifests.OfKind("Ingress"))
        {
            var affinity = ingress.Root.Strings("metadata", "annotations").GetValueOrDefault(AffinityAnnotation);
            foreach (var (path, backend) in Backends(ingress))
            {
                var service = backend.Text("service", "name") ?? "";
                if (affinity is null)
                {
                    roundRobinServices.Add(service);
                    if (path == BlazorPath)
                    {
                        yield return $"{ingress}: routes {BlazorPath} without cookie affinity";
                    }
                    continue;
                }
                pinnedServices.Add(service);
                if (path != BlazorPath)
                {
                    yield return $"{ingress}: affinity {affinity} also applies to {path ?? "its default backend"}; only {BlazorPath} may be pinned";
                }
                else if (affinity == "cookie")
                {
                    blazorPinned = true;
                }
            }
        }
        if (!blazorPinned)
        {
            yield return $"no Ingress pins {BlazorPath} with {AffinityAnnotation}: cookie";
        }
        foreach (var shared in pinnedServices.Intersect(roundRobinServices))
        {
            yield return $"Service {shared} backs both pinned and round-robin paths; ingress-nginx keeps affinity per backend, so one would override the other";
        }
    }

    public IEnumerable<string> Autoscaling()
    {
        var webDeployments = manifests.PodsOf("web").Where(p => p.Owner.Kind == "Deployment").Select(p => p.Owner).ToList();
        if (webDeployments.Count == 0)
        {
            yield return "no Deployment runs the web component";
        }
        foreach (var hpa in manifests.OfKind("HorizontalPodAutoscaler"))
        {
            if (hpa.Root.Text("apiVersion") != "autoscaling/v2")
            {
                yield return $"{hpa}: apiVersion must be autoscaling/v2";
            }
            var kind = hpa.Root.Text("spec", "scaleTargetRef", "kind") ?? "";
            var name = hpa.Root.Text("spec", "scaleTargetRef", "name") ?? "";
            if (manifests.Find(kind, name) is not { } target)
            {
                yield return $"{hpa}: scaleTargetRef {kind}/{name} does not exist";
                continue;
            }
            if (!int.TryParse(hpa.Root.Text("spec", "minReplicas"), out var min) || min < 2)
            {
                yield return $"{hpa}: minReplicas must be at least 2, so one replica can fail or drain";
            }
            if (!hpa.Root.Items("spec", "metrics").Any(m => m.Text("type") == "Resource" && m.Text("resource", "name") == "cpu"))
            {
                yield return $"{hpa}: no cpu Resource metric";
            }
            if (target.Root.At("spec", "replicas") is not null)
            {
                yield return $"{target}: sets spec.replicas although {hpa.Kind}/{hpa.Name} owns the count (every apply would reset it)";
            }
            foreach (var container in target.Root.Items("spec", "template", "spec", "containers").Where(c => c.Text("resources", "requests", "cpu") is null))
            {
                yield return $"{target} {Name(container)}: no cpu request, so the HPA's utilization target is undefined";
            }
        }
        foreach (var deployment in webDeployments.Where(d => !manifests.OfKind("HorizontalPodAutoscaler").Any(h => h.Root.Text("spec", "scaleTargetRef", "name") == d.Name)))
        {
            yield return $"{deployment}: no HorizontalPodAutoscaler targets it";
        }
        foreach (var pdb in manifests.OfKind("PodDisruptionBudget"))
        {
            if (!manifests.Selected(pdb.Root.Strings("spec", "selector", "matchLabels")).Any())
            {
                yield return $"{pdb}: selector matches no pod template";
            }
            if (pdb.Root.At("spec", "minAvailable") is null && pdb.Root.At("spec", "maxUnavailable") is null)
            {
                yield return $"{pdb}: neither minAvailable nor maxUnavailable";
            }
        }
        foreach (var pod in manifests.PodsOf("web").Where(p => !manifests.OfKind("PodDisruptionBudget").Any(b => Matches(b.Root.Strings("spec", "selector", "matchLabels"), p))))
        {
            yield return $"{pod}: no PodDisruptionBudget covers it";
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

    /// <summary>Web, Jobs and migrate exist and run the one image, tagged by kustomize alone.</summary>
    public IEnumerable<string> AppImages()
    {
        foreach (var component in AppComponents)
        {
            var pods = manifests.PodsOf(component).ToList();
            if (pods.Count == 0)
            {
                yield return $"no workload for the {component} component";
            }
            foreach (var pod in pods)
            {
                foreach (var image in pod.Containers.Select(c => c.Text("image")).Where(i => i != facts.AppImage))
                {
                    yield return $"{pod}: image {image}; every PeakShop process runs the image {facts.AppImage} (tag set by kustomize images:)";
                }
            }
        }
    }

    /// <summary>App containers keep the image's entrypoint and pass it a command it knows, the one their component names.</summary>
    public IEnumerable<string> EntrypointArgs()
    {
        foreach (var pod in manifests.PodTemplates)
        {
            foreach (var container in pod.Containers.Where(c => c.Text("image") == facts.AppImage))
            {
                if (container.At("command") is not null)
                {
                    yield return $"{pod} {Name(container)}: sets command, which replaces the image's entrypoint.sh";
                }
                var command = (container.Items("args").FirstOrDefault() as YamlScalarNode)?.Value ?? "web";
                if (!facts.EntrypointCommands.Contains(command))
                {
                    yield return $"{pod} {Name(container)}: args start with {command}, not a command of entrypoint.sh ({string.Join(", ", facts.EntrypointCommands)})";
                }
                else if (AppComponents.Contains(pod.Component) && command != pod.Component)
                {
                    yield return $"{pod} {Name(container)}: runs {command} but is labelled the {pod.Component} component";
                }
            }
        }
    }

    public IEnumerable<string> Resources()
    {
        foreach (var pod in manifests.PodTemplates)
        {
            foreach (var container in pod.Containers)
            {
                foreach (var bound in new[] { "requests", "limits" })
                {
                    foreach (var resource in new[] { "cpu", "memory" }.Where(r => container.Text("resources", bound, r) is null))
                    {
                        yield return $"{pod} {Name(container)}: no resources.{bound}.{resource}";
                    }
                }
            }
        }
    }

    /// <summary>Non-root everywhere; the app runs as the image's user on a read-only root with an emptyDir /tmp.</summary>
    public IEnumerable<string> SecurityContexts()
    {
        foreach (var pod in manifests.PodTemplates)
        {
            var isApp = pod.Containers.Any(c => c.Text("image") == facts.AppImage);
            if (pod.Spec.Text("securityContext", "runAsNonRoot") != "true")
            {
                yield return $"{pod}: securityContext.runAsNonRoot is not true";
            }
            if (isApp && pod.Spec.Text("securityContext", "runAsUser") != facts.AppUid.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                yield return $"{pod}: runAsUser {pod.Spec.Text("securityContext", "runAsUser")} is not the image's $APP_UID {facts.AppUid}";
            }
            var emptyDirs = pod.Spec.Items("volumes").Where(v => v.At("emptyDir") is not null).Select(v => v.Text("name")).ToHashSet();
            foreach (var container in pod.Containers)
            {
                if (container.Text("securityContext", "allowPrivilegeEscalation") != "false")
                {
                    yield return $"{pod} {Name(container)}: allowPrivilegeEscalation is not false";
                }
                var readOnly = container.Text("securityContext", "readOnlyRootFilesystem") == "true";
                if (isApp && !readOnly)
                {
                    yield return $"{pod} {Name(container)}: readOnlyRootFilesystem is not true";
                }
                if (isApp && readOnly && !container.Items("volumeMounts").Any(m => m.Text("mountPath") == "/tmp" && emptyDirs.Contains(m.Text("name"))))
                {
                    yield return $"{pod} {Name(container)}: read-only root without an emptyDir on /tmp";
                }
            }
        }
    }

    /// <summary>Web drains (preStop sleep) before SIGTERM; the grace period covers the sleep and the host's shutdown timeout.</summary>
    public IEnumerable<string> GracefulShutdown()
    {
        foreach (var pod in manifests.PodsOf("web").Concat(manifests.PodsOf("jobs")))
        {
            var grace = int.TryParse(pod.Spec.Text("terminationGracePeriodSeconds"), out var g) ? g : 30;
            foreach (var container in pod.Containers)
            {
                var sleep = PreStopSleepSeconds(container);
                if (pod.Component == "web" && sleep is null)
                {
                    yield return $"{pod} {Name(container)}: no preStop sleep, so SIGTERM arrives while the endpoint still gets traffic";
                }
                var shutdown = int.TryParse(EnvValue(container, "DOTNET_shutdownTimeoutSeconds"), out var s) ? s : DefaultShutdownSeconds;
                if (grace < (sleep ?? 0) + shutdown)
                {
                    yield return $"{pod} {Name(container)}: terminationGracePeriodSeconds {grace} is less than preStop {sleep ?? 0} s + shutdown timeout {shutdown} s";
                }
                if (pod.Component == "jobs" && shutdown < 120)
                {
                    yield return $"{pod} {Name(container)}: running jobs get only {shutdown} s to finish after SIGTERM";
                }
            }
        }
    }

    /// <summary>Jobs (and migrate) serve no traffic: no Service selects them.</summary>
    public IEnumerable<string> UnexposedWorkers()
    {
        foreach (var service in manifests.OfKind("Service"))
        {
            foreach (var pod in manifests.Selected(service.Root.Strings("spec", "selector")).Where(p => p.Component is "jobs" or "migrate"))
            {
                yield return $"{service}: selects {pod}, which serves no traffic";
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
                var hosts = NpgsqlHosts(shop);
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
                var redisHost = RedisHost(EnvValue(container, "ConnectionStrings__Redis"));
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

    /// <summary>
    /// Web writes absolute links from Shop__PublicBaseUrl and answers only the AllowedHosts (the Ingress's hosts);
    /// its probes and the scraper use the management port, where AllowedHosts does not apply (the kubelet's Host is
    /// the pod IP).
    /// </summary>
    public IEnumerable<string> PublicAddress()
    {
        var ingressHosts = manifests.OfKind("Ingress").SelectMany(i => i.Root.Items("spec", "rules")).Select(r => r.Text("host")).OfType<string>().Distinct().ToList();
        foreach (var pod in manifests.PodsOf("web"))
        {
            foreach (var container in pod.Containers)
            {
                var baseUrl = Setting(container, "Shop__PublicBaseUrl");
                if (!(Uri.TryCreate(baseUrl, UriKind.Absolute, out var publicUri) && publicUri.Scheme is "http" or "https"))
                {
                    yield return $"{pod} {Name(container)}: Shop__PublicBaseUrl '{baseUrl}' is not an absolute http(s) URL";
                }
                var allowed = (Setting(container, "AllowedHosts") ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                if (allowed.Length == 0 || allowed.Contains("*"))
                {
                    yield return $"{pod} {Name(container)}: AllowedHosts must name the shop's hosts, not '{string.Join(';', allowed)}'";
                }
                foreach (var host in ingressHosts.Append(publicUri?.Host).OfType<string>().Where(h => !allowed.Contains(h, StringComparer.OrdinalIgnoreCase)))
                {
                    yield return $"{pod} {Name(container)}: AllowedHosts does not list {host} (an Ingress host or the host of Shop__PublicBaseUrl)";
                }
                var management = Setting(container, "Management__Port");
                var managementPort = container.Items("ports").FirstOrDefault(p => p.Text("containerPort") == management)?.Text("name");
                if (management is null || managementPort is null)
                {
                    yield return $"{pod} {Name(container)}: Management__Port '{management}' is not a port of the container";
                    continue;
                }
                foreach (var kind in ProbeKinds.Where(k => container.At(k, "httpGet") is not null))
                {
                    if (container.Text(kind, "httpGet", "port") is { } port && port != managementPort && port != management)
                    {
                        yield return $"{pod} {Name(container)}: {kind} uses port {port}, not the management port (AllowedHosts refuses the kubelet's Host there)";
                    }
                }
                if (pod.Template.Text("metadata", "annotations", "prometheus.io/port") != management)
                {
                    yield return $"{pod}: prometheus.io/port must be the management port {management}";
                }
            }
        }
        foreach (var service in manifests.OfKind("Service"))
        {
            foreach (var pod in manifests.Selected(service.Root.Strings("spec", "selector")).Where(p => p.Component == "web"))
            {
                var management = pod.Containers.Select(c => Setting(c, "Management__Port")).FirstOrDefault(m => m is not null);
                var managementName = pod.Containers.SelectMany(c => c.Items("ports")).FirstOrDefault(p => p.Text("containerPort") == management)?.Text("name");
                foreach (var port in service.Root.Items("spec", "ports"))
                {
                    var target = port.Text("targetPort") ?? port.Text("port");
                    if (target is not null && (target == management || target == managementName))
                    {
                        yield return $"{service}: exposes the management port {target} (detail and metrics stay inside the pod network)";
                    }
                }
            }
        }
    }

    /// <summary>A setting's value from the container's env, else from a ConfigMap it loads with envFrom.</summary>
    private string? Setting(YamlNode container, string name) =>
        EnvValue(container, name)
        ?? container.Items("envFrom").Select(s => manifests.Find("ConfigMap", s.Text("configMapRef", "name") ?? "")).OfType<Manifest>()
            .Select(map => map.Root.Strings("data").GetValueOrDefault(name)).FirstOrDefault(v => v is not null);

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

    /// <summary>Hosts of an Npgsql connection string (<c>Host=a:5432,b</c>), without ports.</summary>
    public static IReadOnlyList<string> NpgsqlHosts(string connectionString) =>
        [.. connectionString.Split(';')
            .Select(part => part.Split('=', 2))
            .Where(kv => kv.Length == 2 && kv[0].Trim() is var key && (key.Equals("Host", StringComparison.OrdinalIgnoreCase) || key.Equals("Server", StringComparison.OrdinalIgnoreCase)))
            .SelectMany(kv => kv[1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Select(WithoutPort)];

    /// <summary>The first endpoint of a StackExchange.Redis configuration string, without its port.</summary>
    public static string? RedisHost(string? configuration) =>
        configuration?.Split(',', StringSplitOptions.TrimEntries).FirstOrDefault(p => !p.Contains('=', StringComparison.Ordinal)) is { } endpoint
            ? WithoutPort(endpoint)
            : null;

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

    private static IEnumerable<(string? Path, YamlNode Backend)> Backends(Manifest ingress)
    {
        if (ingress.Root.At("spec", "defaultBackend") is { } fallback)
        {
            yield return (null, fallback);
        }
        foreach (var path in ingress.Root.Items("spec", "rules").SelectMany(r => r.Items("http", "paths")))
        {
            if (path.At("backend") is { } backend)
            {
                yield return (path.Text("path"), backend);
            }
        }
    }

    private static bool HasPort(YamlNode container, string port) =>
        container.Items("ports").Any(p => int.TryParse(port, out _) ? p.Text("containerPort") == port : p.Text("name") == port);

    private static bool Matches(IReadOnlyDictionary<string, string> selector, PodTemplate pod) =>
        selector.Count > 0 && selector.All(s => pod.Labels.TryGetValue(s.Key, out var v) && v == s.Value);

    private static string? EnvValue(YamlNode container, string name) =>
        container.Items("env").FirstOrDefault(e => e.Text("name") == name)?.Text("value");

    private static int? PreStopSleepSeconds(YamlNode container)
    {
        if (int.TryParse(container.Text("lifecycle", "preStop", "sleep", "seconds"), out var native))
        {
            return native;
        }
        var command = container.Items("lifecycle", "preStop", "exec", "command").Select(c => (c as YamlScalarNode)?.Value).ToList();
        return command.Count == 2 && command[0] is "sleep" or "/bin/sleep" && int.TryParse(command[1], out var seconds) ? seconds : null;
    }

    private static IEnumerable<string> Expansions(string? value) =>
        value is null ? [] : ExpansionPattern().Matches(value).Select(m => m.Groups[1].Value);

    private static string Name(YamlNode container) => $"container {container.Text("name")}";

    private static string Show(IReadOnlyDictionary<string, string> labels) => string.Join(",", labels.Select(l => $"{l.Key}={l.Value}"));

    private static string WithoutPort(string endpoint)
    {
        var colon = endpoint.LastIndexOf(':');
        return colon > 0 && int.TryParse(endpoint.AsSpan(colon + 1), out _) ? endpoint[..colon] : endpoint;
    }

    private static bool IsKustomization(string source) =>
        Path.GetFileName(source) is "kustomization.yaml" or "kustomization.yml";

    private static string Folder(string source) => source.Contains('/', StringComparison.Ordinal) ? source[..source.LastIndexOf('/')] : "";

    /// <summary>Joins and normalizes '/'-separated relative paths ("app" + "../platform/x.yaml" = "platform/x.yaml").</summary>
    private static string Combine(string folder, string relative)
    {
        var parts = new List<string>();
        foreach (var part in $"{folder}/{relative}".Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else
                {
                    parts.Add(part);
                }
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }
        return string.Join('/', parts);
    }

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex ExpansionPattern();
}
