using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PeakShop.Unit.Tests.Deploy;

/// <summary>One YAML document of a manifest file.</summary>
internal sealed record Manifest(string Source, YamlNode Root)
{
    public string Kind => Root.Text("kind") ?? "";

    public string Name => Root.Text("metadata", "name") ?? "";

    public override string ToString() => $"{Source}: {Kind}/{Name}";
}

/// <summary>A pod template inside a workload (Deployment, StatefulSet, Job, ...).</summary>
internal sealed record PodTemplate(Manifest Owner, YamlNode Template)
{
    public string Component => Labels.GetValueOrDefault("app.kubernetes.io/component", "");

    public Dictionary<string, string> Labels => Template.Strings("metadata", "labels");

    public YamlNode? Spec => Template.At("spec");

    public IEnumerable<YamlNode> Containers => Spec.Items("containers").Concat(Spec.Items("initContainers"));

    public override string ToString() => Owner.ToString();
}

/// <summary>Every document of a set of manifest files, plus the files that did not parse.</summary>
internal sealed class KubernetesManifests
{
    private static readonly HashSet<string> WorkloadKinds = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"];

    private KubernetesManifests(IReadOnlyList<Manifest> documents, IReadOnlyList<string> sources, IReadOnlyList<string> parseProblems)
    {
        Documents = documents;
        Sources = sources;
        ParseProblems = parseProblems;
    }

    public IReadOnlyList<Manifest> Documents { get; }

    /// <summary>Every file, by path relative to the manifests folder.</summary>
    public IReadOnlyList<string> Sources { get; }

    public IReadOnlyList<string> ParseProblems { get; }

    public static KubernetesManifests Parse(IReadOnlyDictionary<string, string> files)
    {
        var documents = new List<Manifest>();
        var problems = new List<string>();
        foreach (var (source, yaml) in files)
        {
            try
            {
                documents.AddRange(YamlNodes.LoadDocuments(yaml).Select(root => new Manifest(source, root)));
            }
            // YamlDotNet reports some malformed input as InvalidOperationException instead of YamlException.
            catch (Exception ex) when (ex is YamlException or InvalidOperationException)
            {
                problems.Add($"{source}: does not parse: {ex.Message}");
            }
        }
        return new(documents, [.. files.Keys], problems);
    }

    public IEnumerable<Manifest> OfKind(string kind) => Documents.Where(d => d.Kind == kind);

    public Manifest? Find(string kind, string name) => OfKind(kind).FirstOrDefault(d => d.Name == name);

    public IEnumerable<PodTemplate> PodTemplates => Documents
        .Where(d => WorkloadKinds.Contains(d.Kind) && d.Root.At("spec", "template") is not null)
        .Select(d => new PodTemplate(d, d.Root.At("spec", "template")!));

    public IEnumerable<PodTemplate> PodsOf(string component) => PodTemplates.Where(p => p.Component == component);

    /// <summary>Pod templates whose labels include every pair of the selector (an empty selector selects nothing here).</summary>
    public IEnumerable<PodTemplate> Selected(IReadOnlyDictionary<string, string> selector) => selector.Count == 0
        ? []
        : PodTemplates.Where(p => selector.All(s => p.Labels.TryGetValue(s.Key, out var v) && v == s.Value));
}
