using System.Text.Json;
using System.Text.Json.Nodes;

namespace PeakShop.Integration.Tests.Api;

/// <summary>
/// What a client built from an older OpenAPI document would trip over in a newer one (ADR 21): a path, operation,
/// response status, schema property or enum value that is gone, a property whose type changed, a parameter or a
/// request field that became required. Additions are never breaking. The checks read the documents as JSON, so they
/// hold whatever library wrote them.
/// </summary>
internal static class OpenApiCompatibility
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options"];

    public static IReadOnlyList<string> BreakingChanges(JsonNode baseline, JsonNode current)
    {
        var problems = new List<string>();
        var requestSchemas = RequestSchemas(baseline);
        foreach (var (path, baseItem) in Object(baseline["paths"]))
        {
            if (current["paths"]?[path] is not JsonObject currentItem)
            {
                problems.Add($"path {path} removed");
                continue;
            }
            foreach (var method in Methods)
            {
                if (baseItem?[method] is not JsonObject baseOp)
                {
                    continue;
                }
                if (currentItem[method] is not JsonObject currentOp)
                {
                    problems.Add($"{method.ToUpperInvariant()} {path} removed");
                    continue;
                }
                var where = $"{method.ToUpperInvariant()} {path}";
                foreach (var (status, _) in Object(baseOp["responses"]))
                {
                    if (currentOp["responses"]?[status] is null)
                    {
                        problems.Add($"{where}: response {status} removed");
                    }
                }
                var baseParameters = Parameters(baseOp);
                foreach (var (key, parameter) in Parameters(currentOp))
                {
                    if (!baseParameters.ContainsKey(key) && parameter["required"]?.GetValue<bool>() == true)
                    {
                        problems.Add($"{where}: new required parameter {key}");
                    }
                }
                foreach (var key in baseParameters.Keys.Where(key => !Parameters(currentOp).ContainsKey(key)))
                {
                    problems.Add($"{where}: parameter {key} removed");
                }
                if (baseOp["requestBody"] is null && currentOp["requestBody"]?["required"]?.GetValue<bool>() == true)
                {
                    problems.Add($"{where}: a request body is now required");
                }
            }
        }
        foreach (var (name, baseSchema) in Object(baseline["components"]?["schemas"]))
        {
            if (current["components"]?["schemas"]?[name] is not JsonObject currentSchema)
            {
                problems.Add($"schema {name} removed");
                continue;
            }
            CompareSchema($"schema {name}", baseSchema!, currentSchema, requestSchemas.Contains(name), problems);
        }
        return problems;
    }

    private static void CompareSchema(string where, JsonNode baseSchema, JsonNode currentSchema, bool isRequest, List<string> problems)
    {
        if (TypeOf(baseSchema) is { } baseType && TypeOf(currentSchema) is { } currentType && baseType != currentType)
        {
            problems.Add($"{where}: type {baseType} became {currentType}");
        }
        if (baseSchema["enum"] is JsonArray baseEnum)
        {
            var values = (currentSchema["enum"] as JsonArray)?.Select(v => v?.ToJsonString()).ToHashSet() ?? [];
            foreach (var value in baseEnum.Select(v => v?.ToJsonString()).Where(v => !values.Contains(v)))
            {
                problems.Add($"{where}: enum value {value} removed");
            }
        }
        foreach (var (property, baseProperty) in Object(baseSchema["properties"]))
        {
            if (currentSchema["properties"]?[property] is not { } currentProperty)
            {
                problems.Add($"{where}: property {property} removed");
                continue;
            }
            CompareSchema($"{where}.{property}", baseProperty!, currentProperty, isRequest, problems);
        }
        if (isRequest)
        {
            var required = Strings(baseSchema["required"]);
            foreach (var name in Strings(currentSchema["required"]).Where(name => !required.Contains(name)))
            {
                problems.Add($"{where}: request field {name} is now required");
            }
        }
    }

    /// <summary>The type without null: a property that became nullable is not breaking for a reader of it.</summary>
    private static string? TypeOf(JsonNode schema) => schema["type"] switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray types => string.Join('|', types.Select(t => t!.GetValue<string>()).Where(t => t != "null").Order(StringComparer.Ordinal)),
        _ => schema["$ref"]?.GetValue<string>(),
    };

    /// <summary>Schemas a client sends (reachable from a request body): only there does a new required field break it.</summary>
    private static HashSet<string> RequestSchemas(JsonNode document)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<JsonNode>();
        foreach (var (_, item) in Object(document["paths"]))
        {
            foreach (var method in Methods)
            {
                if (item?[method]?["requestBody"] is { } body)
                {
                    pending.Push(body);
                }
            }
        }
        while (pending.TryPop(out var node))
        {
            foreach (var reference in References(node))
            {
                var name = reference[(reference.LastIndexOf('/') + 1)..];
                if (found.Add(name) && document["components"]?["schemas"]?[name] is { } schema)
                {
                    pending.Push(schema);
                }
            }
        }
        return found;
    }

    private static IEnumerable<string> References(JsonNode node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "$ref" && p.Value is JsonValue v ? [v.GetValue<string>()] : p.Value is null ? [] : References(p.Value)),
        JsonArray a => a.SelectMany(item => item is null ? [] : References(item)),
        _ => [],
    };

    private static Dictionary<string, JsonNode> Parameters(JsonNode operation) =>
        (operation["parameters"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .ToDictionary(p => $"{p["in"]}:{p["name"]}", p => (JsonNode)p);

    private static IEnumerable<KeyValuePair<string, JsonNode?>> Object(JsonNode? node) => node as JsonObject ?? [];

    private static HashSet<string> Strings(JsonNode? node) =>
        (node as JsonArray)?.Select(n => n!.GetValue<string>()).ToHashSet(StringComparer.Ordinal) ?? [];

    /// <summary>Sorted keys, two-space indent, LF, no <c>servers</c> (they name the host that asked): a stable text to commit.</summary>
    public static string Normalize(string json)
    {
        var node = JsonNode.Parse(json)!;
        node.AsObject().Remove("servers");
        return Sorted(node)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n") + "\n";
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sorted)]),
        _ => node?.DeepClone(),
    };
}
