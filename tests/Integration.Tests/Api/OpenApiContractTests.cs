using System.Net;
using System.Text.Json.Nodes;
using PeakShop.Testing;

namespace PeakShop.Integration.Tests.Api;

/// <summary>
/// The published contract (ADR 21). The document must equal the committed snapshot (<c>docs/api/openapi-v1.json</c>,
/// reviewed in every diff; rewrite it with <c>UPDATE_OPENAPI_SNAPSHOT=1</c>), and must keep everything of the frozen
/// v1 baseline (<c>docs/api/openapi-v1.baseline.json</c>): a breaking change fails the build and ships as v2 instead.
/// </summary>
public sealed class OpenApiContractTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    private static string Snapshot => Path.Combine(TestPaths.RepositoryRoot(), "docs", "api", "openapi-v1.json");
    private static string Baseline => Path.Combine(TestPaths.RepositoryRoot(), "docs", "api", "openapi-v1.baseline.json");

    [Fact]
    public async Task Document_IsTheCommittedSnapshot()
    {
        var actual = OpenApiCompatibility.Normalize(await DocumentAsync());
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI_SNAPSHOT") == "1")
        {
            await File.WriteAllTextAsync(Snapshot, actual);
        }
        var expected = File.Exists(Snapshot) ? await File.ReadAllTextAsync(Snapshot) : "";
        if (expected != actual)
        {
            var written = Path.Combine(TestPaths.RepositoryRoot(), "artifacts", "openapi-v1.actual.json");
            Directory.CreateDirectory(Path.GetDirectoryName(written)!);
            await File.WriteAllTextAsync(written, actual);
            Assert.Fail($"The OpenAPI document differs from {Snapshot}: compare with {written}; if the change is meant, " +
                "run the test with UPDATE_OPENAPI_SNAPSHOT=1 and commit the snapshot (and regenerate the client, see docs/api/README.md).");
        }
    }

    [Fact]
    public async Task Document_KeepsEverythingOfTheV1Baseline()
    {
        var baseline = JsonNode.Parse(await File.ReadAllTextAsync(Baseline))!;
        var current = JsonNode.Parse(await DocumentAsync())!;

        var breaking = OpenApiCompatibility.BreakingChanges(baseline, current);

        Assert.True(breaking.Count == 0, "Breaking changes to v1 (ship them as v2):\n" + string.Join('\n', breaking));
    }

    [Fact]
    public async Task Document_DescribesTheSchemesProblemsAndMoney()
    {
        var document = JsonNode.Parse(await DocumentAsync())!;

        Assert.StartsWith("3.", document["openapi"]!.GetValue<string>());
        var schemes = document["components"]!["securitySchemes"]!;
        Assert.Equal("X-Api-Key", schemes["ApiKey"]!["name"]!.GetValue<string>());
        Assert.Equal("bearer", schemes["Bearer"]!["scheme"]!.GetValue<string>());
        // Staff operations name the credentials they take; money is a decimal, not a double.
        var staffList = document["paths"]!["/api/v1/staff/products"]!["get"]!;
        Assert.NotEmpty(staffList["security"]!.AsArray());
        Assert.Equal("decimal", document["components"]!["schemas"]!["StaffProductRow"]!["properties"]!["price"]!["format"]!.GetValue<string>());
        Assert.NotNull(staffList["responses"]!["401"]);
    }

    [Fact]
    public void BreakingChanges_FindsRemovalsTypeChangesAndNewRequirements_ButNotAdditions()
    {
        var baseline = JsonNode.Parse("""
            {"paths":{"/a":{"get":{"parameters":[{"name":"q","in":"query"}],"responses":{"200":{},"404":{}}},
                            "post":{"requestBody":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/In"}}}},"responses":{"201":{}}}},
                      "/b":{"get":{"responses":{"200":{}}}}},
             "components":{"schemas":{"In":{"type":"object","properties":{"x":{"type":"integer"}},"required":["x"]},
                                      "Out":{"type":"object","properties":{"s":{"type":"string","enum":["a","b"]},"n":{"type":"number"}}}}}}
            """)!;
        var additions = baseline.DeepClone();
        additions["paths"]!["/c"] = new JsonObject { ["get"] = new JsonObject { ["responses"] = new JsonObject { ["200"] = new JsonObject() } } };
        additions["components"]!["schemas"]!["Out"]!["properties"]!["extra"] = new JsonObject { ["type"] = "string" };
        additions["components"]!["schemas"]!["Out"]!["properties"]!["n"]!["type"] = new JsonArray("number", "null");
        Assert.Empty(OpenApiCompatibility.BreakingChanges(baseline, additions));

        var broken = baseline.DeepClone();
        broken["paths"]!.AsObject().Remove("/b");
        broken["paths"]!["/a"]!["get"]!["responses"]!.AsObject().Remove("404");
        broken["paths"]!["/a"]!["get"]!["parameters"]!.AsArray().Add(new JsonObject { ["name"] = "page", ["in"] = "query", ["required"] = true });
        broken["components"]!["schemas"]!["In"]!["properties"]!["y"] = new JsonObject { ["type"] = "string" };
        broken["components"]!["schemas"]!["In"]!["required"]!.AsArray().Add("y");
        broken["components"]!["schemas"]!["Out"]!["properties"]!["s"]!["enum"]!.AsArray().RemoveAt(1);
        broken["components"]!["schemas"]!["Out"]!["properties"]!["n"]!["type"] = "string";

        var found = OpenApiCompatibility.BreakingChanges(baseline, broken);

        Assert.Contains("path /b removed", found);
        Assert.Contains("GET /a: response 404 removed", found);
        Assert.Contains("GET /a: new required parameter query:page", found);
        Assert.Contains("schema In: request field y is now required", found);
        Assert.Contains("schema Out.s: enum value \"b\" removed", found);
        Assert.Contains("schema Out.n: type number became string", found);
        Assert.Equal(6, found.Count);
    }

    [Fact]
    public async Task Docs_AreServedFromThisOrigin_WithANoncePolicyForTheirOneInlineScript()
    {
        using var client = factory.CreateCookielessClient();

        using var page = await client.GetAsync("/api/docs/");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        var nonce = System.Text.RegularExpressions.Regex.Match(csp, "'nonce-([^']+)'").Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains($"nonce=\"{nonce}\"", html);
        Assert.DoesNotContain("unsafe-inline", csp.Split(';').Single(directive => directive.Trim().StartsWith("script-src", StringComparison.Ordinal)));
        Assert.DoesNotContain("cdn.jsdelivr", html);
        Assert.DoesNotContain("fonts.scalar.com", html);
        Assert.Contains("no-store", page.Headers.CacheControl!.ToString());
        // A second visit gets a new nonce: it is never reused.
        using var again = await client.GetAsync("/api/docs/");
        Assert.DoesNotContain(nonce, again.Headers.GetValues("Content-Security-Policy").Single());
    }

    private async Task<string> DocumentAsync()
    {
        using var client = factory.CreateCookielessClient();
        using var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("public, max-age=300", response.Headers.CacheControl!.ToString());
        return await response.Content.ReadAsStringAsync();
    }
}
