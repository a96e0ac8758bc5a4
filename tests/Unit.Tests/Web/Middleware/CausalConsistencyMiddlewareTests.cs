using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using NpgsqlTypes;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Data.Replicas;
using PeakShop.Web.Middleware;

namespace PeakShop.Unit.Tests.Web.Middleware;

public sealed class CausalConsistencyMiddlewareTests
{
    private readonly EphemeralDataProtectionProvider _protection = new();

    private CausalConsistencyMiddleware Create(RequestDelegate next) =>
        new(next, _protection, Options.Create(new DatabaseOptions { ConnectionString = "Host=x" }));

    private static (DefaultHttpContext Http, ResponseStartFeature Start) NewContext(string? cookie = null)
    {
        var http = new DefaultHttpContext();
        var start = new ResponseStartFeature();
        http.Features.Set<IHttpResponseFeature>(start);
        if (cookie is not null)
        {
            http.Request.Headers.Cookie = $"{CausalConsistencyMiddleware.CookieName}={cookie}";
        }
        return (http, start);
    }

    [Fact]
    public async Task Write_IssuesSignedCookie_ThatTheNextRequestReadsBack()
    {
        var (first, firstStart) = NewContext();
        var written = new NpgsqlLogSequenceNumber(0x16B3748);
        await Create(_ => { new ReadConsistency().RecordWrite(written); return Task.CompletedTask; })
            .InvokeAsync(first, WithWrite(written));
        await firstStart.StartAsync();
        var setCookie = first.Response.Headers.SetCookie.ToString();
        Assert.Contains(CausalConsistencyMiddleware.CookieName + "=", setCookie, StringComparison.Ordinal);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(written.ToString(), setCookie, StringComparison.Ordinal);

        var token = setCookie.Split(';')[0].Split('=', 2)[1];
        var (second, _) = NewContext(token);
        var consistency = new ReadConsistency();
        await Create(_ => Task.CompletedTask).InvokeAsync(second, consistency);

        Assert.Equal(written, consistency.RequiredLsn);
    }

    [Fact]
    public async Task TamperedCookie_IsIgnoredAndDeleted()
    {
        var (http, start) = NewContext("CfDJ8-not-a-real-token");
        var consistency = new ReadConsistency();

        await Create(_ => Task.CompletedTask).InvokeAsync(http, consistency);
        await start.StartAsync();

        Assert.Null(consistency.RequiredLsn);
        Assert.Contains("expires=Thu, 01 Jan 1970", http.Response.Headers.SetCookie.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ServedRole_IsReportedInHeader()
    {
        var (http, start) = NewContext();
        var consistency = new ReadConsistency();
        var next = Create(_ =>
        {
            typeof(ReadConsistency).GetMethod("RecordServed", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                .Invoke(consistency, [DbRole.Standby]);
            return Task.CompletedTask;
        });

        await next.InvokeAsync(http, consistency);
        await start.StartAsync();

        Assert.Equal("standby", http.Response.Headers[CausalConsistencyMiddleware.RoleHeader].ToString());
    }

    [Fact]
    public async Task ApiWrite_IssuesTheTokenInAHeaderNotACookie_ThatTheNextApiRequestReadsBack()
    {
        var (first, firstStart) = NewContext();
        first.Request.Path = "/api/v1/carts/abc/checkout";
        var written = new NpgsqlLogSequenceNumber(0x16B3748);
        await Create(_ => Task.CompletedTask).InvokeAsync(first, WithWrite(written));
        await firstStart.StartAsync();
        var token = first.Response.Headers[CausalConsistencyMiddleware.TokenHeader].ToString();
        Assert.False(string.IsNullOrEmpty(token));
        Assert.DoesNotContain(written.ToString(), token, StringComparison.Ordinal);
        Assert.Equal("", first.Response.Headers.SetCookie.ToString());

        var (second, secondStart) = NewContext();
        second.Request.Path = "/api/v1/orders/PS-2026-000001";
        second.Request.Headers[CausalConsistencyMiddleware.TokenHeader] = token;
        var consistency = new ReadConsistency();
        await Create(_ => Task.CompletedTask).InvokeAsync(second, consistency);
        await secondStart.StartAsync();

        Assert.Equal(written, consistency.RequiredLsn);
        // Not yet satisfied by a standby: handed back, so the client keeps it.
        Assert.Equal(token, second.Response.Headers[CausalConsistencyMiddleware.TokenHeader].ToString());
    }

    [Fact]
    public async Task ApiRequest_IgnoresTheCookieAndATamperedHeader()
    {
        var (first, firstStart) = NewContext();
        await Create(_ => Task.CompletedTask).InvokeAsync(first, WithWrite(new NpgsqlLogSequenceNumber(0x16B3748)));
        await firstStart.StartAsync();
        var cookie = first.Response.Headers.SetCookie.ToString().Split(';')[0].Split('=', 2)[1];
        var (http, start) = NewContext(cookie);
        http.Request.Path = "/api/v1/orders/PS-2026-000001";
        http.Request.Headers[CausalConsistencyMiddleware.TokenHeader] = "CfDJ8-not-a-real-token";
        var consistency = new ReadConsistency();

        await Create(_ => Task.CompletedTask).InvokeAsync(http, consistency);
        await start.StartAsync();

        Assert.Null(consistency.RequiredLsn);
        Assert.Equal("", http.Response.Headers[CausalConsistencyMiddleware.TokenHeader].ToString());
        Assert.Equal("", http.Response.Headers.SetCookie.ToString());
    }

    private static ReadConsistency WithWrite(NpgsqlLogSequenceNumber lsn)
    {
        var consistency = new ReadConsistency();
        consistency.RecordWrite(lsn);
        return consistency;
    }

    /// <summary>Lets a test fire the response's OnStarting callbacks, as Kestrel does on the first write.</summary>
    private sealed class ResponseStartFeature : HttpResponseFeature
    {
        private readonly List<(Func<object, Task> Callback, object State)> _callbacks = [];

        public override void OnStarting(Func<object, Task> callback, object state) => _callbacks.Add((callback, state));

        public async Task StartAsync()
        {
            for (var i = _callbacks.Count - 1; i >= 0; i--)
            {
                await _callbacks[i].Callback(_callbacks[i].State);
            }
        }
    }
}
