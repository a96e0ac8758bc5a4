using YamlDotNet.RepresentationModel;

namespace PeakShop.Unit.Tests.Deploy;

// Pod policy: health probes, one image and its entrypoint, resources, non-root read-only containers, graceful shutdown.
internal sealed partial class ManifestChecker
{
    /// <summary>The .NET host's default <c>HostOptions.ShutdownTimeout</c>.</summary>
    private const int DefaultShutdownSeconds = 30;

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

    private static int? PreStopSleepSeconds(YamlNode container)
    {
        if (int.TryParse(container.Text("lifecycle", "preStop", "sleep", "seconds"), out var native))
        {
            return native;
        }
        var command = container.Items("lifecycle", "preStop", "exec", "command").Select(c => (c as YamlScalarNode)?.Value).ToList();
        return command.Count == 2 && command[0] is "sleep" or "/bin/sleep" && int.TryParse(command[1], out var seconds) ? seconds : null;
    }
}
