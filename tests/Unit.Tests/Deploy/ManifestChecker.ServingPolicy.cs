using YamlDotNet.RepresentationModel;

namespace PeakShop.Unit.Tests.Deploy;

// Serving policy: only /_blazor pinned, Web autoscaled and disruption-budgeted, workers unexposed, the public address allowed.
internal sealed partial class ManifestChecker
{
    private const string AffinityAnnotation = "nginx.ingress.kubernetes.io/affinity";

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
                    if (path == DeployFacts.BlazorPath)
                    {
                        yield return $"{ingress}: routes {DeployFacts.BlazorPath} without cookie affinity";
                    }
                    continue;
                }
                pinnedServices.Add(service);
                if (path != DeployFacts.BlazorPath)
                {
                    yield return $"{ingress}: affinity {affinity} also applies to {path ?? "its default backend"}; only {DeployFacts.BlazorPath} may be pinned";
                }
                else if (affinity == "cookie")
                {
                    blazorPinned = true;
                }
            }
        }
        if (!blazorPinned)
        {
            yield return $"no Ingress pins {DeployFacts.BlazorPath} with {AffinityAnnotation}: cookie";
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

    private static bool Matches(IReadOnlyDictionary<string, string> selector, PodTemplate pod) =>
        selector.Count > 0 && selector.All(s => pod.Labels.TryGetValue(s.Key, out var v) && v == s.Value);
}
