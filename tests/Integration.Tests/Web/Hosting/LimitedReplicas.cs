using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Customers;
using PeakShop.Integration.Tests.Web.Storefront;
using PeakShop.Testing;

namespace PeakShop.Integration.Tests.Web.Hosting;

/// <summary>
/// Two real Web processes with small limits, sharing the test Redis: a test alternates its requests between them,
/// so every limit is proven to hold at the combined count. Each test uses client addresses (sent as the trusted
/// balancer's <c>X-Forwarded-For</c>: the processes see loopback as their proxy), accounts and carts of its own,
/// so counters left in Redis by other tests or earlier runs never meet it. The in-process <see cref="Shop"/>
/// (generous limits) arranges data.
/// </summary>
public sealed partial class LimitedReplicas : IAsyncLifetime
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    /// <summary>The limits both processes run with.</summary>
    public static readonly IReadOnlyDictionary<string, int> Limits = new Dictionary<string, int>
    {
        ["SignInPerIp"] = 8,
        ["SignInPerAccountAndIp"] = 4,
        ["SignInPerAccount"] = 6,
        ["SignInPerKnownDevice"] = 4,
        ["RegisterPerIp"] = 4,
        ["RegisterPerEmail"] = 2,
        ["ForgotPasswordPerIp"] = 4,
        ["ForgotPasswordPerEmail"] = 2,
        ["CheckoutPerCart"] = 3,
        ["SearchPerIp"] = 6,
        ["SuggestPerIp"] = 6,
        ["CartCreationPerIp"] = 4,
        ["ApiPerKey"] = 6,
        ["ApiPerCustomer"] = 6,
        ["ApiPerIp"] = 6,
    };

    public ShopFactory Shop { get; } = new();

    public WebProcess A { get; private set; } = null!;

    public WebProcess B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string>();
        foreach (var (rule, limit) in Limits)
        {
            settings[$"RateLimits:{rule}:PermitLimit"] = limit.ToString(CultureInfo.InvariantCulture);
            settings[$"RateLimits:{rule}:Window"] = Window.ToString("c", CultureInfo.InvariantCulture);
        }
        var a = WebProcess.StartAsync(null, settings);
        var b = WebProcess.StartAsync(null, settings);
        A = await a;
        B = await b;
        _ = Shop.Server;
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await Shop.DisposeAsync();
    }

    /// <summary>A client address nobody else uses (10.x.y.z, random).</summary>
    public static string NewAddress() =>
        $"10.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";

    /// <summary>A browser at <paramref name="address"/> whose requests alternate between the two processes.</summary>
    public Browser Open(string address) => new(A, B, address);

    /// <summary>A new account (a shopper, or staff with roles) created through Identity.</summary>
    public async Task<string> CreateAccountAsync(params string[] roles)
    {
        var email = $"rl-{Guid.NewGuid():N}@example.com";
        await using var scope = Shop.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ShopUser>>();
        var user = new ShopUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = DateTimeOffset.UtcNow };
        Assert.True((await users.CreateAsync(user, StaffAccounts.Password)).Succeeded);
        foreach (var role in roles)
        {
            Assert.True((await users.AddToRoleAsync(user, role)).Succeeded, $"role {role}");
        }
        return email;
    }

    /// <summary>
    /// One browser (its own cookies) behind the balancer at a client address; request n goes to process A when n is
    /// even, B when odd. Never follows redirects.
    /// </summary>
    public sealed partial class Browser(WebProcess a, WebProcess b, string address) : IDisposable
    {
        private readonly CookieContainer _cookies = new();
        private readonly HttpClient _client = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        private int _sent;

        public string Address { get; set; } = address;

        public CookieContainer Cookies => _cookies;

        /// <summary>Sent with every request (an API key, a bearer token).</summary>
        public Dictionary<string, string> Headers { get; } = [];

        public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, IEnumerable<KeyValuePair<string, string>>? form = null)
        {
            var replica = _sent++ % 2 == 0 ? a : b;
            var uri = new Uri(replica.BaseAddress, path);
            using var request = new HttpRequestMessage(method, uri);
            request.Headers.Add("X-Forwarded-For", Address);
            foreach (var (name, value) in Headers)
            {
                request.Headers.Add(name, value);
            }
            // One cookie jar for both replicas (they share a host, 127.0.0.1; cookies ignore ports).
            var cookie = _cookies.GetCookieHeader(uri);
            if (cookie.Length > 0)
            {
                request.Headers.Add("Cookie", cookie);
            }
            if (form is not null)
            {
                request.Headers.Add("Origin", replica.BaseAddress.GetLeftPart(UriPartial.Authority));
                request.Content = new FormUrlEncodedContent(form);
            }
            var response = await _client.SendAsync(request);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                foreach (var set in setCookies)
                {
                    _cookies.SetCookies(uri, set);
                }
            }
            return response;
        }

        public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

        /// <summary>A JSON POST (an API call: no cookies needed, no form).</summary>
        public async Task<HttpResponseMessage> PostJsonAsync<T>(string path, T body)
        {
            var replica = _sent++ % 2 == 0 ? a : b;
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(replica.BaseAddress, path))
            {
                Content = System.Net.Http.Json.JsonContent.Create(body),
            };
            request.Headers.Add("X-Forwarded-For", Address);
            return await _client.SendAsync(request);
        }

        /// <summary>Loads the form page, then posts it with its antiforgery token and the given fields.</summary>
        public async Task<HttpResponseMessage> PostFormAsync(string path, string handler, params (string Name, string Value)[] fields)
        {
            using var page = await GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var token = ShopSession.Token(await page.Content.ReadAsStringAsync());
            return await PostAsync(path, [("_handler", handler), ("__RequestVerificationToken", token), .. fields]);
        }

        public Task<HttpResponseMessage> PostAsync(string path, params (string Name, string Value)[] fields) =>
            SendAsync(HttpMethod.Post, path, fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList());

        public Task<HttpResponseMessage> SignInAsync(string email, string password) =>
            PostFormAsync("/account/login", "login", ("Input.Email", email), ("Input.Password", password));

        public void Dispose() => _client.Dispose();

        /// <summary>The text of the page's alert (the form's error, or the 429 page's message).</summary>
        /// <summary>The page's alert text; for a form's error summary, its messages without the heading.</summary>
        public static string Alert(string html) =>
            WebUtility.HtmlDecode(AlertPattern().Match(SummaryTitlePattern().Replace(html, "")) is { Success: true } m ? TagPattern().Replace(m.Groups[1].Value, "").Trim() : "");

        [GeneratedRegex("<h2[^>]*class=\"error-summary-title\"[^>]*>.*?</h2>", RegexOptions.Singleline)]
        private static partial Regex SummaryTitlePattern();

        [GeneratedRegex("role=\"alert\"[^>]*>(.*?)</(?:p|ul)>", RegexOptions.Singleline)]
        private static partial Regex AlertPattern();

        [GeneratedRegex("<[^>]+>")]
        private static partial Regex TagPattern();
    }
}

[CollectionDefinition(Name)]
public sealed class LimitedReplicasCollection : ICollectionFixture<LimitedReplicas>
{
    public const string Name = "limited-replicas";
}
