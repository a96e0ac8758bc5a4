using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace PeakShop.Testing;

/// <summary>The local smtp4dev, read through its HTTP API (<c>GET /api/messages</c>, <c>/api/messages/{id}/plaintext</c>, <c>/html</c>).</summary>
public sealed class MailInbox : IDisposable
{
    private readonly HttpClient _http = new()
    {
        BaseAddress = new Uri(Environment.GetEnvironmentVariable("PEAKSHOP_SMTP_UI_URL") is { Length: > 0 } url
            ? url
            : throw new InvalidOperationException("PEAKSHOP_SMTP_UI_URL is not set: run the tests through ./test.sh")),
        Timeout = TimeSpan.FromSeconds(10),
    };

    public sealed record Summary(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("to")] string[] To,
        [property: JsonPropertyName("subject")] string Subject);

    private sealed record Page([property: JsonPropertyName("results")] Summary[] Results);

    public async Task<IReadOnlyList<Summary>> ToAsync(string recipient)
    {
        var page = await _http.GetFromJsonAsync<Page>("/api/messages?pageSize=100000");
        return [.. page!.Results.Where(m => m.To.Any(t => string.Equals(t, recipient, StringComparison.OrdinalIgnoreCase)))];
    }

    public async Task<IReadOnlyList<Summary>> WaitForAsync(string recipient, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                var messages = await ToAsync(recipient);
                if (messages.Count >= count)
                {
                    return messages;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // smtp4dev is (re)starting.
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"fewer than {count} message(s) to {recipient} arrived");
            }
            await Task.Delay(100);
        }
    }

    public Task<string> PlainTextAsync(string id) => _http.GetStringAsync($"/api/messages/{id}/plaintext");

    public Task<string> HtmlAsync(string id) => _http.GetStringAsync($"/api/messages/{id}/html");

    public void Dispose() => _http.Dispose();
}
