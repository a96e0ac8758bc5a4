using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Npgsql;

// Virtual shoppers, each with its own cookies and connections, for --duration seconds (or until --stop-file
// exists) against --url:
// home, category, product, search, and now and then a guest order through the real forms (product page,
// POST /cart/items, GET /checkout, POST /checkout with the form's idempotency key and the test card, the
// confirmation page). A checkout POST that fails with a network error, 502 or 503 is sent again with the
// same idempotency key, as a browser's retry would; nothing else is retried here (nginx retries what it may).
// Failed = any non-2xx/3xx or network error a shopper is left with. At the end the orders of this run's
// e-mail addresses are counted in PostgreSQL (--db, a connection string to the shop database).
var options = Options.Parse(args);
var run = options.RunId;
Console.Error.WriteLine($"loadgen {run}: {options.Shoppers} shoppers for {options.Duration.TotalSeconds:0} s against {options.Url}");

var catalog = await Catalog.LoadAsync(options.Db);
var stats = new Stats();
var stop = DateTime.UtcNow + options.Duration;
var clock = Stopwatch.StartNew();
var shoppers = Enumerable.Range(1, options.Shoppers)
    .Select(i => Task.Run(() => new Shopper(i, options, catalog, stats, clock).RunAsync(() => DateTime.UtcNow >= stop || (options.StopFile is { } file && File.Exists(file)))))
    .ToArray();
await Task.WhenAll(shoppers);
var elapsed = clock.Elapsed;

var (inDb, distinctKeys, distinctNumbers, numbers) = await OrdersInDatabaseAsync(options.Db, run);
var confirmed = stats.ConfirmedNumbers.Keys.ToHashSet();
var missing = confirmed.Except(numbers).Count();
var extra = numbers.Except(confirmed).ToList();

Console.WriteLine($"| run | {run} |");
Console.WriteLine("|---|---|");
Console.WriteLine($"| duration | {elapsed.TotalSeconds:0.0} s, {options.Shoppers} shoppers |");
Console.WriteLine($"| requests | {stats.Requests} ({stats.Requests / elapsed.TotalSeconds:0} /s) |");
Console.WriteLine($"| failed requests (seen by a shopper) | {stats.Failed} |");
Console.WriteLine($"| checkout POSTs sent again by the shopper (network error, 502, 503) | {stats.CheckoutRetries} |");
Console.WriteLine($"| orders confirmed to the generator | {confirmed.Count} |");
Console.WriteLine($"| orders in the database for its e-mails | {inDb} (distinct idempotency keys {distinctKeys}, distinct numbers {distinctNumbers}) |");
Console.WriteLine($"| confirmed but not in the database | {missing} |");
Console.WriteLine($"| in the database but not confirmed | {extra.Count} |");
Console.WriteLine($"| answers by replica | {string.Join(", ", stats.ByReplica.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value}"))} |");
Console.WriteLine($"| status codes | {string.Join(", ", stats.ByStatus.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value}"))} |");
foreach (var failure in stats.Failures.Take(20))
{
    Console.Error.WriteLine($"  failure: {failure}");
}
foreach (var number in extra.Take(10))
{
    Console.Error.WriteLine($"  in the database, never confirmed: {number}");
}
var ok = stats.Failed == 0 && missing == 0 && extra.Count == 0 && inDb == confirmed.Count && distinctKeys == inDb;
Console.WriteLine(ok ? "RESULT: OK (0 failed requests, orders in the database == orders confirmed, no duplicates)" : "RESULT: FAILED");
return ok ? 0 : 1;

static async Task<(long Count, long DistinctKeys, long DistinctNumbers, HashSet<string> Numbers)> OrdersInDatabaseAsync(string db, string run)
{
    await using var source = NpgsqlDataSource.Create(Catalog.Primary(db));
    await using var command = source.CreateCommand("select number, idempotency_key::text from orders where email like $1");
    command.Parameters.AddWithValue($"lg-{run}-%");
    var numbers = new List<string>();
    var keys = new HashSet<string>();
    await using var reader = await command.ExecuteReaderAsync();
    while (await reader.ReadAsync())
    {
        numbers.Add(reader.GetString(0));
        keys.Add(reader.GetString(1));
    }
    return (numbers.Count, keys.Count, numbers.Distinct().Count(), numbers.ToHashSet());
}

internal sealed record Options(Uri Url, TimeSpan Duration, int Shoppers, double OrderShare, string Db, string RunId, string? StopFile)
{
    public static Options Parse(string[] args)
    {
        string? Arg(string name) => args.SkipWhile(a => a != "--" + name).Skip(1).FirstOrDefault();
        return new Options(
            new Uri(Arg("url") ?? "http://127.0.0.1:8080"),
            TimeSpan.FromSeconds(double.Parse(Arg("duration") ?? "30", CultureInfo.InvariantCulture)),
            int.Parse(Arg("shoppers") ?? "8", CultureInfo.InvariantCulture),
            double.Parse(Arg("order-share") ?? "0.2", CultureInfo.InvariantCulture),
            Arg("db") ?? Environment.GetEnvironmentVariable("ConnectionStrings__Shop") ?? throw new InvalidOperationException("--db or ConnectionStrings__Shop"),
            Arg("run") ?? DateTime.UtcNow.ToString("MMddHHmmss", CultureInfo.InvariantCulture),
            Arg("stop-file"));
    }
}

internal sealed record Catalog(IReadOnlyList<(int Id, string Slug)> Products, IReadOnlyList<string> Categories, IReadOnlyList<string> Words)
{
    /// <summary>The first host of a multi-host string: orders are counted where they are written.</summary>
    public static string Primary(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Host = builder.Host!.Split(',')[0];
        return builder.ConnectionString;
    }

    public static async Task<Catalog> LoadAsync(string db)
    {
        await using var source = NpgsqlDataSource.Create(Primary(db));
        var products = new List<(int, string)>();
        await using (var reader = await source.CreateCommand("select id, slug from products where stock > 50 and not is_archived order by id limit 300").ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                products.Add((reader.GetInt32(0), reader.GetString(1)));
            }
        }
        var categories = new List<string>();
        await using (var reader = await source.CreateCommand("select slug from categories").ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                categories.Add(reader.GetString(0));
            }
        }
        if (products.Count == 0 || categories.Count == 0)
        {
            throw new InvalidOperationException("no products with stock or no categories: seed the catalog first");
        }
        return new Catalog(products, categories, ["tent", "kettle", "jacket", "boots", "lamp", "stove", "rope", "bag"]);
    }
}

internal sealed class Stats
{
    private long _requests;
    private long _failed;
    private long _checkoutRetries;

    public long Requests => Interlocked.Read(ref _requests);

    public long Failed => Interlocked.Read(ref _failed);

    public long CheckoutRetries => Interlocked.Read(ref _checkoutRetries);

    public ConcurrentDictionary<string, long> ByReplica { get; } = new();

    public ConcurrentDictionary<int, long> ByStatus { get; } = new();

    public ConcurrentDictionary<string, byte> ConfirmedNumbers { get; } = new();

    public ConcurrentQueue<string> Failures { get; } = new();

    public void Answered(HttpResponseMessage response)
    {
        Interlocked.Increment(ref _requests);
        ByStatus.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
        var replica = response.Headers.TryGetValues("X-Replica", out var values) ? values.First() : "(none)";
        ByReplica.AddOrUpdate(replica, 1, (_, n) => n + 1);
    }

    public void Fail(TimeSpan at, string what)
    {
        Interlocked.Increment(ref _failed);
        Failures.Enqueue($"{at.TotalSeconds:0.000}s {what}");
    }

    public void NetworkError() => Interlocked.Increment(ref _requests);

    public void CheckoutRetried() => Interlocked.Increment(ref _checkoutRetries);
}

internal sealed partial class Shopper(int index, Options options, Catalog catalog, Stats stats, Stopwatch clock)
{
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = true,
        CookieContainer = new CookieContainer(),
        AutomaticDecompression = DecompressionMethods.All,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    })
    {
        BaseAddress = options.Url,
        Timeout = TimeSpan.FromSeconds(60),
    };

    private readonly Random _random = new(index * 7919);
    private int _orders;

    public async Task RunAsync(Func<bool> done)
    {
        using (_http)
        {
            while (!done())
            {
                var roll = _random.NextDouble();
                if (roll < options.OrderShare)
                {
                    await OrderAsync();
                }
                else
                {
                    var path = (roll * 4 % 4) switch
                    {
                        < 1 => "/",
                        < 2 => "/c/" + Pick(catalog.Categories),
                        < 3 => "/p/" + Pick(catalog.Products).Slug,
                        _ => "/search?q=" + Pick(catalog.Words),
                    };
                    await GetAsync(path);
                }
                await Task.Delay(_random.Next(20, 80));
            }
        }
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>A GET as a browser makes it: whatever happens is what the shopper sees.</summary>
    private async Task<string?> GetAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var (response, body, error) = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path));
        using (response)
        {
            if (response is null || response.StatusCode != expected)
            {
                stats.Fail(clock.Elapsed, $"shopper {index} GET {path}: {error ?? $"{(int)response!.StatusCode} from {Replica(response)}"}");
                return null;
            }
            return body;
        }
    }

    private async Task<(HttpResponseMessage? Response, string? Body, string? Error)> SendAsync(Func<HttpRequestMessage> request)
    {
        try
        {
            using var message = request();
            var response = await _http.SendAsync(message);
            var body = await response.Content.ReadAsStringAsync();
            stats.Answered(response);
            return (response, body, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            stats.NetworkError();
            return (null, null, $"network error: {ex.GetBaseException().Message}");
        }
    }

    private async Task OrderAsync()
    {
        var product = Pick(catalog.Products);
        var page = $"/p/{product.Slug}";
        if (await GetAsync(page) is null)
        {
            return;
        }
        var (added, _, addError) = await SendAsync(() => Form("/cart/items",
            [new("productId", product.Id.ToString(CultureInfo.InvariantCulture)), new("quantity", "1"), new("returnUrl", page)]));
        using (added)
        {
            if (added is null || added.StatusCode != HttpStatusCode.SeeOther || added.Headers.Location is not { } to || new Uri(options.Url, to).PathAndQuery != "/cart")
            {
                stats.Fail(clock.Elapsed, $"shopper {index} POST /cart/items: {addError ?? $"{(int)added!.StatusCode} {added.Headers.Location} from {Replica(added)}"}");
                return;
            }
        }
        var html = await GetAsync("/checkout");
        if (html is null)
        {
            return;
        }
        var key = Field(html, "Form.IdempotencyKey");
        var token = Field(html, "__RequestVerificationToken");
        if (key is null || token is null)
        {
            stats.Fail(clock.Elapsed, $"shopper {index} GET /checkout: no form");
            return;
        }
        var email = $"lg-{options.RunId}-s{index}-{++_orders}@example.com";
        List<KeyValuePair<string, string>> fields =
        [
            new("_handler", "checkout"),
            new("__RequestVerificationToken", token),
            new("Form.IdempotencyKey", key),
            new("Form.Email", email),
            new("Form.FullName", "Load Generator"),
            new("Form.Line1", "Hauptstraße 1"),
            new("Form.PostalCode", "10115"),
            new("Form.City", "Berlin"),
            new("Form.Country", "DE"),
            new("Form.ShippingMethod", "standard"),
            new("Form.CardNumber", "4242 4242 4242 4242"),
            new("Form.CardExpiry", "12/39"),
            new("Form.CardCvc", "123"),
        ];
        for (var attempt = 1; ; attempt++)
        {
            var (placed, body, error) = await SendAsync(() => Form("/checkout", fields));
            using (placed)
            {
                var retryable = placed is null || placed.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable;
                if (retryable && attempt < 4)
                {
                    stats.CheckoutRetried();
                    Console.Error.WriteLine($"  {clock.Elapsed.TotalSeconds:0.000}s shopper {index} checkout attempt {attempt}: {error ?? ((int)placed!.StatusCode).ToString(CultureInfo.InvariantCulture)}; sending the same form again");
                    await Task.Delay(500 * attempt);
                    continue;
                }
                var location = placed?.Headers.Location is { } to ? new Uri(options.Url, to).PathAndQuery : null;
                if (placed is null || (int)placed.StatusCode is < 300 or > 303 || location is null || !location.StartsWith("/checkout/confirmation/", StringComparison.Ordinal))
                {
                    var why = error ?? $"{(int)placed!.StatusCode} {location} from {Replica(placed)} {ErrorText(body)}";
                    stats.Fail(clock.Elapsed, $"shopper {index} POST /checkout ({email}): {why}");
                    return;
                }
                var number = location["/checkout/confirmation/".Length..];
                if (await GetAsync(location) is { } confirmation && confirmation.Contains(number, StringComparison.Ordinal))
                {
                    stats.ConfirmedNumbers.TryAdd(number, 0);
                }
                return;
            }
        }
    }

    private static HttpRequestMessage Form(string path, IEnumerable<KeyValuePair<string, string>> fields) =>
        new(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };

    private static string Replica(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Replica", out var values) ? values.First() : "nginx";

    private static string? Field(string html, string name) =>
        Regex.Match(html, $"name=\"{Regex.Escape(name)}\" value=\"([^\"]*)\"") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    private static string ErrorText(string? body) =>
        body is null ? "" : ErrorPattern().Match(body) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value).Trim() : "";

    [GeneratedRegex("class=\"[^\"]*error[^\"]*\"[^>]*>([^<]{1,200})<")]
    private static partial Regex ErrorPattern();
}
