using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Customers;
using PeakShop.Infrastructure.Data;
using PeakShop.Integration.Tests.Web.Admin;
using PeakShop.Integration.Tests.Web.Storefront;
using Xunit.Abstractions;

namespace PeakShop.Integration.Tests.Web.Security;

/// <summary>
/// Walks every route of the app's endpoint data source and every form its pages render, with a table of hostile
/// values, as anonymous, a customer and each staff role: no answer is a 5xx, and no role gets a 200 from a section
/// of the access matrix (<see cref="AdminAuthorizationTests.Sections"/>) it may not use. Deterministic: the same
/// routes, fields and values in the same order on every run; roles run side by side (separate sessions and data).
/// </summary>
public sealed class HostileInputTests(FuzzShopFactory factory, ITestOutputHelper output) : IClassFixture<FuzzShopFactory>
{
    /// <summary>A hostile value as it goes on the wire (already percent-encoded: raw bytes such as %FF stay raw).</summary>
    private sealed record Hostile(string Label, string Encoded);

    private static readonly string Megabyte = new('x', 1024 * 1024);

    /// <summary>For query strings and route values (a real server refuses request lines beyond ~8 KB before the app).</summary>
    private static readonly Hostile[] UrlValues =
    [
        new("nul", "a%00b"),
        new("invalid-utf8", "%FF%FE"),
        new("overlong-utf8", "%C0%AF"),
        new("lone-surrogate", "%ED%A0%80"),
        new("64KB", new string('x', 64 * 1024)),
        new("rtl-zero-width", Uri.EscapeDataString("\u202Eabc\u200B\u200D")),
        new("minus-one", "-1"),
        new("zero", "0"),
        new("int-overflow", "2147483648"),
        new("1e309", "1e309"),
        new("nan", "NaN"),
        new("abc", "abc"),
        new("bad-date", "2026-13-45"),
        new("empty", ""),
    ];

    /// <summary>For form fields: the same, with a 1 MB string.</summary>
    private static readonly Hostile[] FormValues =
    [
        .. UrlValues.Where(v => v.Label != "64KB"),
        new("1MB", Megabyte),
    ];

    private const string Anonymous = "anonymous";
    private const string Customer = "customer";

    private readonly ConcurrentBag<string> _failures = [];
    private int _requests;

    [Fact]
    public async Task EveryRouteAndFormField_NeverAnswers5xxNorLeaksASection_GivenHostileValues()
    {
        var samples = await SamplesAsync();
        var routes = Routes();
        output.WriteLine($"{routes.Count} routes: {string.Join(' ', routes.Select(r => r.Pattern))}");
        Assert.True(routes.Count >= 30, $"only {routes.Count} routes found");

        var roles = new[] { Anonymous, Customer, ShopRoles.Admin, ShopRoles.Staff, ShopRoles.Marketing };
        var sessions = new Dictionary<string, ShopSession>();
        try
        {
            foreach (var role in roles)
            {
                sessions[role] = role == Anonymous ? ShopSession.Open(factory)
                    : await StaffAccounts.SignInAsync(factory, role == Customer ? [] : [role]);
                if (role is Anonymous or Customer)
                {
                    // A cart, so the checkout form renders and is fuzzed too.
                    using var added = await sessions[role].AddToCartAsync(samples.ProductId, "1", "/");
                }
            }
            var started = DateTime.UtcNow;
            await Task.WhenAll(roles.Select(role => Task.Run(() => WalkAsync(role, sessions[role], routes, samples))));
            output.WriteLine($"{_requests} requests in {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
        }
        finally
        {
            foreach (var session in sessions.Values)
            {
                session.Dispose();
            }
        }
        var failures = _failures.Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var failure in failures)
        {
            output.WriteLine(failure);
        }
        Assert.True(failures.Count == 0, $"{failures.Count} failures, first: {string.Join(Environment.NewLine, failures.Take(20))}");
    }

    private async Task WalkAsync(string role, ShopSession session, IReadOnlyList<Route> routes, Samples samples)
    {
        var staff = role is ShopRoles.Admin or ShopRoles.Staff or ShopRoles.Marketing;
        foreach (var route in routes)
        {
            var isAdmin = route.Pattern.StartsWith("/admin", StringComparison.Ordinal);
            // Shopper pages do not vary by staff role, and staff pages refuse shoppers before reading input:
            // hostile values go where the role's requests are read.
            var fuzz = isAdmin ? staff && Allowed(role, route.Pattern) : !staff;
            var url = route.Fill(samples, null, null);
            if (route.Method == HttpMethods.Get)
            {
                var html = await SendAsync(role, session, route, HttpMethod.Get, url, null);
                if (!fuzz)
                {
                    continue;
                }
                foreach (var parameter in route.Parameters)
                {
                    foreach (var value in UrlValues)
                    {
                        await SendAsync(role, session, route, HttpMethod.Get, route.Fill(samples, parameter, value.Encoded), null);
                    }
                }
                var names = route.QueryNames.DefaultIfEmpty("q").Append("page").Distinct(StringComparer.OrdinalIgnoreCase);
                foreach (var name in names)
                {
                    foreach (var value in UrlValues)
                    {
                        await SendAsync(role, session, route, HttpMethod.Get, $"{url}?{name}={value.Encoded}", null);
                    }
                }
                if (html is not null)
                {
                    await FuzzFormsAsync(role, session, route, url, html);
                }
            }
            else
            {
                // Endpoints without a page of their own: an empty form, and each hostile value in a made-up field.
                await SendAsync(role, session, route, new HttpMethod(route.Method), url, FormBody([]));
                if (fuzz)
                {
                    foreach (var value in FormValues)
                    {
                        await SendAsync(role, session, route, new HttpMethod(route.Method), url,
                            FormBody([("productId", value.Encoded), ("quantity", value.Encoded), ("returnUrl", value.Encoded), ("id", value.Encoded)]));
                    }
                }
            }
        }
    }

    /// <summary>Each form of the page, posted once per field with that field replaced by each hostile value, and once without it.</summary>
    private async Task FuzzFormsAsync(string role, ShopSession session, Route route, string url, string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        foreach (var form in document.Forms.Where(f => string.Equals(f.Method, "post", StringComparison.OrdinalIgnoreCase)))
        {
            var action = ActionOf(form, url);
            // Signing out would end the session the rest of the walk needs.
            if (action.StartsWith("/account/logout", StringComparison.Ordinal))
            {
                continue;
            }
            var fields = Fields(form);
            var target = new Route(action, HttpMethods.Post, [], []);
            foreach (var (name, _) in fields.Where(f => f.Name is not ("__RequestVerificationToken" or "_handler")).DistinctBy(f => f.Name))
            {
                await SendAsync(role, session, target, HttpMethod.Post, action,
                    FormBody([.. fields.Where(f => f.Name != name).Select(f => (f.Name, Uri.EscapeDataString(f.Value)))]), $"{route.Pattern} form without {name}");
                foreach (var value in FormValues)
                {
                    await SendAsync(role, session, target, HttpMethod.Post, action,
                        FormBody([.. fields.Select(f => (f.Name, f.Name == name ? value.Encoded : Uri.EscapeDataString(f.Value)))]),
                        $"{route.Pattern} form {name}={value.Label}");
                }
            }
        }
    }

    private static List<(string Name, string Value)> Fields(IHtmlFormElement form)
    {
        var fields = new List<(string, string)>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement { Name: { Length: > 0 } name } input when input.Type is not ("submit" or "button" or "file" or "image"):
                    if (input.Type is "checkbox" or "radio" && !input.IsChecked)
                    {
                        break;
                    }
                    fields.Add((name, input.Value));
                    break;
                case IHtmlSelectElement { Name: { Length: > 0 } name } select:
                    fields.Add((name, select.Value ?? ""));
                    break;
                case IHtmlTextAreaElement { Name: { Length: > 0 } name } area:
                    fields.Add((name, area.Value));
                    break;
                case IHtmlButtonElement { Name: { Length: > 0 } name } button when button.Type == "submit":
                    fields.Add((name, button.Value));
                    break;
            }
        }
        return fields;
    }

    private static string ActionOf(IHtmlFormElement form, string pageUrl)
    {
        var raw = form.GetAttribute("action");
        if (string.IsNullOrEmpty(raw))
        {
            return pageUrl;
        }
        var uri = new Uri(new Uri("http://localhost" + pageUrl), raw);
        return uri.PathAndQuery;
    }

    /// <summary>A URL-encoded body from already-encoded values (so raw %FF bytes reach the server as they are).</summary>
    private static ByteArrayContent FormBody(IEnumerable<(string Name, string Encoded)> fields)
    {
        var body = string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Name) + "=" + f.Encoded));
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        return content;
    }

    /// <summary>Sends one request and records a 5xx or a role leak; returns the HTML of a 200 page.</summary>
    private async Task<string?> SendAsync(string role, ShopSession session, Route route, HttpMethod method, string url, HttpContent? body, string? label = null)
    {
        Interlocked.Increment(ref _requests);
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative)) { Content = body };
        request.Headers.Accept.ParseAdd("text/html");
        HttpResponseMessage response;
        try
        {
            response = await session.Client.SendAsync(request);
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException)
        {
            if (ex.StackTrace is { } trace && !trace.Contains("PeakShop.Web.", StringComparison.Ordinal)
                && !trace.Contains("PeakShop.Infrastructure.", StringComparison.Ordinal))
            {
                // Refused by the in-memory host before the app (a NUL in the path; Kestrel answers 400 there).
                return null;
            }
            // The in-process server throws what a real one would answer with 500.
            _failures.Add($"{role} {method} {route.Pattern} {label ?? Shorten(url)}: threw {ex.GetType().Name}: {Shorten(ex.Message)} {Shorten(ex.StackTrace ?? "")}");
            return null;
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            if (status >= 500)
            {
                _failures.Add($"{role} {method} {route.Pattern} {label ?? Shorten(url)}: {status} {Shorten(FirstLine(text))}");
            }
            var path = url.Split('?')[0];
            if (status == 200 && path.StartsWith("/admin", StringComparison.Ordinal) && !Allowed(role, path))
            {
                _failures.Add($"{role} {method} {route.Pattern} {label ?? Shorten(url)}: 200 from a section it may not use");
            }
            return status == 200 && method == HttpMethod.Get && response.Content.Headers.ContentType?.MediaType == "text/html" ? text : null;
        }
    }

    private static bool Allowed(string role, string path) =>
        AdminAuthorizationTests.SectionOf(path) is not { } section || section.Roles.Contains(role);

    private static string FirstLine(string text)
    {
        var start = text.IndexOf("<title>", StringComparison.Ordinal);
        if (start >= 0)
        {
            var end = text.IndexOf("</title>", start, StringComparison.Ordinal);
            return end > start ? text[(start + 7)..end] : text;
        }
        return text.Split('\n')[0];
    }

    private static string Shorten(string text) => text.Length > 160 ? text[..160] + $"…({text.Length})" : text;

    /// <summary>A route to walk: its pattern, method, parameters and the query names its page reads.</summary>
    private sealed record Route(string Pattern, string Method, IReadOnlyList<string> Parameters, IReadOnlyList<string> QueryNames)
    {
        public RoutePattern? Parsed { get; init; }

        /// <summary>The URL with real sample values, except <paramref name="hostileParameter"/>, which gets <paramref name="hostile"/>.</summary>
        public string Fill(Samples samples, string? hostileParameter, string? hostile)
        {
            if (Parsed is null)
            {
                return Pattern;
            }
            var segments = Parsed.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
            {
                RoutePatternLiteralPart literal => literal.Content,
                RoutePatternSeparatorPart separator => separator.Content,
                RoutePatternParameterPart parameter when parameter.Name == hostileParameter => hostile,
                RoutePatternParameterPart parameter => samples.For(Pattern, parameter.Name),
                _ => "",
            })));
            return "/" + string.Join('/', segments);
        }
    }

    /// <summary>Real values from the database for route parameters.</summary>
    private sealed record Samples(int ProductId, string ProductSlug, int CategoryId, string CategorySlug, string OrderNumber,
        string CustomerId, string StaffId, long BannerId, long MediaId, string MediaHash)
    {
        public string For(string pattern, string parameter) => (pattern, parameter.ToLowerInvariant()) switch
        {
            (_, "slug") when pattern.StartsWith("/p/", StringComparison.Ordinal) => ProductSlug,
            (_, "slug") when pattern.StartsWith("/api/v1/products/", StringComparison.Ordinal) => ProductSlug,
            (_, "id") when pattern.StartsWith("/api/v1/products/", StringComparison.Ordinal) => Text(ProductId),
            (_, "slug") => CategorySlug,
            (_, "number") => OrderNumber,
            (_, "code") => "404",
            (_, "hash") => MediaHash,
            (_, "file") => "640.webp",
            (_, "id") when pattern.StartsWith("/admin/products", StringComparison.Ordinal) => Text(ProductId),
            (_, "id") when pattern.StartsWith("/admin/categories", StringComparison.Ordinal) => Text(CategoryId),
            (_, "id") when pattern.StartsWith("/admin/customers", StringComparison.Ordinal) => CustomerId,
            (_, "id") when pattern.StartsWith("/admin/staff", StringComparison.Ordinal) => StaffId,
            (_, "id") when pattern.StartsWith("/admin/marketing/banners", StringComparison.Ordinal) => Text(BannerId),
            (_, "id") when pattern.StartsWith("/admin/marketing", StringComparison.Ordinal) => Text(MediaId),
            _ => "1",
        };

        private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
    }

    private async Task<Samples> SamplesAsync()
    {
        var product = await TestProducts.CreateAsync(factory.Services, stock: 1000);
        await TestProducts.WaitVisibleOnStandbyAsync(factory.Services, product.Id);
        // An order of a throwaway guest, for the order routes.
        string orderNumber;
        using (var buyer = ShopSession.Open(factory))
        {
            using var added = await buyer.AddToCartAsync(product.Id, "1", "/");
            using var placed = await buyer.CheckoutAsync();
            orderNumber = ShopSession.PathOf(placed).Split('/')[^1];
        }
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var category = await db.Categories.AsNoTracking().OrderBy(c => c.Id).FirstAsync();
        var banner = await db.Banners.AsNoTracking().OrderBy(b => b.Id).Select(b => (long?)b.Id).FirstOrDefaultAsync() ?? 1;
        var media = await db.MediaAssets.AsNoTracking().OrderBy(m => m.Id).Select(m => new { m.Id, m.Hash }).FirstOrDefaultAsync();
        // A staff account of its own: the roles form on its page is posted with hostile values.
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ShopUser>>();
        var email = $"fuzz-{Guid.NewGuid():N}@example.com";
        var staff = new ShopUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = DateTimeOffset.UtcNow };
        Assert.True((await users.CreateAsync(staff, StaffAccounts.Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(staff, ShopRoles.Staff)).Succeeded);
        // The customers page shows any account: the throwaway one will do.
        return new Samples(product.Id, product.Slug, category.Id, category.Slug, orderNumber, staff.Id, staff.Id,
            banner, media?.Id ?? 1, media?.Hash ?? new string('0', 64));
    }

    /// <summary>Every routable page and endpoint, in a fixed order; framework plumbing and static files left out.</summary>
    private List<Route> Routes()
    {
        var routes = new List<Route>();
        foreach (var endpoint in factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var raw = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (raw.StartsWith("/_", StringComparison.Ordinal) || raw.Contains('.', StringComparison.Ordinal) && raw != "/sitemap.xml"
                || raw.Contains("**", StringComparison.Ordinal) || raw.StartsWith("/healthz", StringComparison.Ordinal) || raw == "/metrics")
            {
                continue;
            }
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get];
            var page = endpoint.Metadata.GetMetadata<ComponentTypeMetadata>()?.Type;
            var queryNames = page is not null ? QueryNamesOf(page)
                : endpoint.Metadata.GetMetadata<MethodInfo>() is { } handler ? QueryNamesOf(handler, endpoint.RoutePattern) : [];
            foreach (var method in methods.Where(m => m is "GET" or "POST"))
            {
                // A page answers GET; its POST is the same endpoint, reached through its forms.
                if (page is not null && method == HttpMethods.Post)
                {
                    continue;
                }
                routes.Add(new Route(raw, method, [.. endpoint.RoutePattern.Parameters.Select(p => p.Name)], queryNames) { Parsed = endpoint.RoutePattern });
            }
        }
        return [.. routes.DistinctBy(r => (r.Pattern, r.Method)).OrderBy(r => r.Pattern, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)];
    }

    /// <summary>The query parameters of a minimal-API handler: its simple-typed parameters that are not route values.</summary>
    private static List<string> QueryNamesOf(MethodInfo handler, RoutePattern route) =>
        [.. handler.GetParameters()
            .Where(p => route.GetParameter(p.Name!) is null
                && (p.ParameterType == typeof(string) || p.ParameterType == typeof(string[]) || Nullable.GetUnderlyingType(p.ParameterType) is not null
                    || p.ParameterType.IsPrimitive))
            .Where(p => p.ParameterType != typeof(CancellationToken))
            .Select(p => p.GetCustomAttribute<Microsoft.AspNetCore.Mvc.FromQueryAttribute>()?.Name ?? p.Name!)
            .Order(StringComparer.Ordinal)];

    private static List<string> QueryNamesOf(Type page) =>
        [.. page.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Select(p => p.GetCustomAttribute<SupplyParameterFromQueryAttribute>() is { } a ? a.Name ?? p.Name : null)
            .OfType<string>()
            .Order(StringComparer.Ordinal)];
}
