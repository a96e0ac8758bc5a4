using YamlDotNet.RepresentationModel;

namespace PeakShop.Unit.Tests.Deploy;

/// <summary>
/// Checks the references between Kubernetes manifests that only a cluster would otherwise catch:
/// selectors, ports, probes, Secrets and ConfigMaps, images, entrypoint commands, autoscaling,
/// ingress affinity. Returns one line per problem; an empty list means consistent.
/// </summary>
/// <remarks>
/// One file per kind of check: structure, references between objects, and the project's policy for
/// pods and for serving; this file lists them all and holds the helpers they share.
/// </remarks>
internal sealed partial class ManifestChecker(KubernetesManifests manifests, DeployFacts facts)
{
    /// <summary>The processes of the one PeakShop image, by their <c>app.kubernetes.io/component</c> label.</summary>
    private static readonly string[] AppComponents = ["web", "jobs", "migrate"];

    private static readonly string[] ProbeKinds = ["startupProbe", "readinessProbe", "livenessProbe"];

    public IReadOnlyList<string> Check() =>
    [
        .. manifests.ParseProblems,
        // Well-formed documents, applied by some kustomization (ManifestChecker.Structure.cs).
        .. Structure(),
        .. Kustomizations(),
        // Names, ports and keys that must point at something that exists (ManifestChecker.References.cs).
        .. ServiceSelectors(),
        .. ServicePorts(),
        .. IngressBackends(),
        .. ConfigReferences(),
        .. EnvExpansions(),
        .. ConnectionStrings(),
        .. SecretPlaceholders(),
        // How every PeakShop pod runs (ManifestChecker.PodPolicy.cs).
        .. Probes(),
        .. AppImages(),
        .. EntrypointArgs(),
        .. Resources(),
        .. SecurityContexts(),
        .. GracefulShutdown(),
        // How Web serves traffic and what reaches it (ManifestChecker.ServingPolicy.cs).
        .. SessionAffinity(),
        .. Autoscaling(),
        .. UnexposedWorkers(),
        .. PublicAddress(),
    ];

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

    private static string? EnvValue(YamlNode container, string name) =>
        container.Items("env").FirstOrDefault(e => e.Text("name") == name)?.Text("value");

    private static string Name(YamlNode container) => $"container {container.Text("name")}";
}
