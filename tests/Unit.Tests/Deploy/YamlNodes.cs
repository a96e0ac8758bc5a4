using YamlDotNet.RepresentationModel;

namespace PeakShop.Unit.Tests.Deploy;

/// <summary>Null-tolerant navigation of YamlDotNet's representation model.</summary>
internal static class YamlNodes
{
    public static YamlNode? At(this YamlNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out node))
            {
                return null;
            }
        }
        return node;
    }

    public static string? Text(this YamlNode? node, params string[] path) => (node.At(path) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Items(this YamlNode? node, params string[] path) =>
        node.At(path) is YamlSequenceNode sequence ? sequence.Children : [];

    public static IEnumerable<KeyValuePair<string, YamlNode>> Entries(this YamlNode? node, params string[] path) =>
        node.At(path) is YamlMappingNode map
            ? map.Children.Select(e => new KeyValuePair<string, YamlNode>(((YamlScalarNode)e.Key).Value ?? "", e.Value))
            : [];

    /// <summary>A mapping of scalars (labels, selectors, data) as a dictionary.</summary>
    public static Dictionary<string, string> Strings(this YamlNode? node, params string[] path) =>
        node.Entries(path).ToDictionary(e => e.Key, e => (e.Value as YamlScalarNode)?.Value ?? "");

    public static IReadOnlyList<YamlNode> LoadDocuments(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        // A trailing '---' or a comment-only file yields an empty document: not a manifest.
        return [.. stream.Documents.Select(d => d.RootNode).Where(n => n is not YamlScalarNode { Value: null or "" })];
    }
}
