using YamlDotNet.RepresentationModel;

namespace PeakShop.Unit.Tests.Deploy;

// Structure: every document names its kind and itself, once; the kustomizations apply every file and pin one release.
internal sealed partial class ManifestChecker
{
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
}
