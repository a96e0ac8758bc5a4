namespace PeakShop.Unit.Tests.Deploy;

/// <summary>The compose file cannot run here (no container engine): its references are checked by reading it.</summary>
public sealed class ComposeCheckerTests
{
    private const string Folder = "deploy/compose";

    private static readonly DeployFacts Facts = DeployFacts.FromRepository();

    [Fact]
    public void Check_FindsNoProblemGivenTheRepositoryComposeFile()
    {
        var checker = new ComposeChecker(RepositoryFiles.Read($"{Folder}/compose.yaml"), ReadBesideCompose, Facts);

        Assert.Empty(checker.Check());
    }

    [Theory]
    [InlineData("compose.yaml", "      postgres-primary:\n        condition: service_healthy\n    healthcheck:", "      postgres-main:\n        condition: service_healthy\n    healthcheck:", "depends_on postgres-main, which is no service")]
    [InlineData("compose.yaml", "services:\n", "services: [\n", "compose file does not parse")]
    [InlineData("compose.yaml", "condition: service_completed_successfully", "condition: service_done", "unknown condition service_done")]
    [InlineData("compose.yaml", "    restart: \"no\"\n", "", "waits for migrate to complete, but it restarts")]
    [InlineData("compose.yaml", "Host=postgres-primary:5432,postgres-standby:5432", "Host=db:5432,postgres-standby:5432", "ConnectionStrings__Shop host db is no service")]
    [InlineData("compose.yaml", "Host=postgres-primary:5432,postgres-standby:5432", "Host=postgres-primary:5432", "lists no standby")]
    [InlineData("compose.yaml", "ConnectionStrings__Redis: redis:6379", "ConnectionStrings__Redis: cache:6379", "ConnectionStrings__Redis host cache is no service")]
    [InlineData("compose.yaml", "      test: [\"CMD\", \"redis-cli\", \"ping\"]\n", "", "redis: no healthcheck")]
    [InlineData("compose.yaml", "command: [\"jobs\"]", "command: [\"worker\"]", "command worker is not a command of entrypoint.sh")]
    [InlineData("compose.yaml", "      replicas: 2", "      replicas: 1", "web runs 1 replica(s)")]
    [InlineData("compose.yaml", "./default.vcl:", "./edge.vcl:", "mounts edge.vcl, which does not exist")]
    [InlineData("postgres/standby-entrypoint.sh", " -R ", " ", "no service initialises a standby with pg_basebackup -R")]
    [InlineData("nginx.conf", "server web:8080 resolve max_fails", "server website:8080 resolve max_fails", "upstream server website is no service")]
    [InlineData("nginx.conf", "        hash $blazor_affinity consistent;\n", "", "/_blazor goes to upstream web_blazor, which has no affinity")]
    [InlineData("nginx.conf", "proxy_pass http://web;", "proxy_pass http://web_blazor;", "/ goes to the pinned upstream web_blazor")]
    [InlineData("nginx.conf", "proxy_next_upstream error timeout http_502 http_503;", "proxy_next_upstream error timeout;", "/ does not retry another replica")]
    [InlineData("nginx.conf", "proxy_set_header Connection $connection_upgrade;", "proxy_set_header Connection \"\";", "does not pass the WebSocket upgrade headers")]
    [InlineData("default.vcl", ".host = \"nginx\";", ".host = \"origin\";", "backend host origin is no service")]
    [InlineData("default.vcl", "set resp.http.X-Cache = \"HIT\";", "set resp.http.X-Hit = \"1\";", "no X-Cache HIT/MISS header")]
    [InlineData("default.vcl", "        if (client.ip !~ purgers) {\n            return (synth(405, \"PURGE not allowed\"));\n        }\n", "", "PURGE is not limited to an ACL")]
    public void Check_ReportsTheBrokenReferenceGivenAnEditedFile(string file, string find, string replace, string expected)
    {
        var original = ReadBesideCompose(file)!;
        Assert.Contains(find, original, StringComparison.Ordinal);
        var edited = original.Replace(find, replace, StringComparison.Ordinal);
        string? Read(string path) => path == file ? edited : ReadBesideCompose(path);

        var problems = new ComposeChecker(Read("compose.yaml")!, Read, Facts).Check();

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    private static string? ReadBesideCompose(string relative)
    {
        var path = RepositoryFiles.PathOf($"{Folder}/{relative}");
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }
}
