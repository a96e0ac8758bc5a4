namespace PeakShop.Unit.Tests.Deploy;

/// <summary>The hosts named by the app's connection strings, as the Kubernetes and compose checkers both read them.</summary>
internal static class ConnectionStringHosts
{
    /// <summary>Hosts of an Npgsql connection string (<c>Host=a:5432,b</c>), without ports.</summary>
    public static IReadOnlyList<string> Npgsql(string connectionString) =>
        [.. connectionString.Split(';')
            .Select(part => part.Split('=', 2))
            .Where(kv => kv.Length == 2 && kv[0].Trim() is var key && (key.Equals("Host", StringComparison.OrdinalIgnoreCase) || key.Equals("Server", StringComparison.OrdinalIgnoreCase)))
            .SelectMany(kv => kv[1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Select(WithoutPort)];

    /// <summary>The first endpoint of a StackExchange.Redis configuration string, without its port.</summary>
    public static string? Redis(string? configuration) =>
        configuration?.Split(',', StringSplitOptions.TrimEntries).FirstOrDefault(p => !p.Contains('=', StringComparison.Ordinal)) is { } endpoint
            ? WithoutPort(endpoint)
            : null;

    private static string WithoutPort(string endpoint)
    {
        var colon = endpoint.LastIndexOf(':');
        return colon > 0 && int.TryParse(endpoint.AsSpan(colon + 1), out _) ? endpoint[..colon] : endpoint;
    }
}
