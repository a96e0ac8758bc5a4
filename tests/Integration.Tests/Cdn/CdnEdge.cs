using System.Net;
using AngleSharp.Html.Parser;
using PeakShop.Testing;

namespace PeakShop.Integration.Tests.Cdn;

/// <summary>
/// The test instance's Varnish (started by ./test.sh through platform.sh) in front of a real Web process listening
/// on its origin port, with <c>Cdn:BaseUrl</c> pointing at the edge, the way ./run.sh runs it.
/// </summary>
public sealed class CdnEdge : IAsyncLifetime
{
    private WebProcess? _origin;

    public Uri BaseUrl { get; } = new(Required("PEAKSHOP_CDN_URL"));

    /// <summary>Talks to the edge; never decompresses, so a test sees the bytes and headers the edge sent.</summary>
    public HttpClient Edge { get; } = new(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None, AllowAutoRedirect = false })
    {
        Timeout = TimeSpan.FromSeconds(15),
    };

    public WebProcess Origin => _origin ?? throw new InvalidOperationException("not started");

    /// <summary>Paths (no leading slash) of the assets the home page links, as written in the page.</summary>
    public string Stylesheet { get; private set; } = "";

    public string Script { get; private set; } = "";

    /// <summary>Product photos (media variants) the home page shows.</summary>
    public IReadOnlyList<string> ProductImages { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var port = int.Parse(Required("PEAKSHOP_CDN_ORIGIN_PORT"), System.Globalization.CultureInfo.InvariantCulture);
        _origin = await WebProcess.StartAsync(null, new Dictionary<string, string> { ["Cdn:BaseUrl"] = BaseUrl.ToString() }, port);
        Edge.BaseAddress = BaseUrl;
        // Nothing from an earlier run: every test starts from an empty edge.
        using (var ban = new HttpRequestMessage(new HttpMethod("BAN"), "/"))
        using (var banned = await Edge.SendAsync(ban))
        {
            banned.EnsureSuccessStatusCode();
        }

        var document = await new HtmlParser().ParseDocumentAsync(await Origin.Client.GetStringAsync(new Uri("/", UriKind.Relative)));
        string Relative(string url) => url.StartsWith(BaseUrl.ToString(), StringComparison.Ordinal)
            ? url[BaseUrl.ToString().Length..]
            : throw new InvalidOperationException($"{url} is not on the CDN {BaseUrl}");
        Stylesheet = Relative(document.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href")!).First(h => h.Contains("/css/site.", StringComparison.Ordinal)));
        Script = Relative(document.QuerySelectorAll("script[src]").Select(s => s.GetAttribute("src")!).First(s => s.Contains("blazor.web.", StringComparison.Ordinal)));
        ProductImages = [.. document.QuerySelectorAll("img[src]").Select(i => i.GetAttribute("src")!)
            .Where(s => s.Contains("/media/", StringComparison.Ordinal)).Select(Relative).Distinct().Take(2)];
        if (ProductImages.Count < 2)
        {
            throw new InvalidOperationException("the home page shows fewer than two product images");
        }
    }

    public async Task<HttpResponseMessage> GetAsync(string path, string? acceptEncoding = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }
        var response = await Edge.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    /// <summary>The edge's verdict on one request: HIT or MISS.</summary>
    public async Task<string> CacheOfAsync(string path, string? acceptEncoding = null)
    {
        using var response = await GetAsync(path, acceptEncoding);
        return XCache(response);
    }

    public async Task<HttpStatusCode> SendAsync(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        using var response = await Edge.SendAsync(request);
        return response.StatusCode;
    }

    public static string XCache(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Cache", out var values) ? string.Join(',', values) : "(none)";

    public async Task DisposeAsync()
    {
        Edge.Dispose();
        if (_origin is not null)
        {
            await _origin.DisposeAsync();
        }
    }

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the tests through ./test.sh, which starts the CDN edge.");
}
