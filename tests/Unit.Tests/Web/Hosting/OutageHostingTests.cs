using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PeakShop.Infrastructure.Customers.Sessions;
using PeakShop.Infrastructure.Data;
using PeakShop.Web.Hosting;
using StackExchange.Redis;

namespace PeakShop.Unit.Tests.Web.Hosting;

public sealed class OutageHostingTests
{
    public static TheoryData<Exception, Outage?> Failures => new()
    {
        { new PrimaryUnavailableException("primary unreachable"), Outage.Database },
        // What EF throws after its retries: the last failure inside.
        { new RetryLimitExceededException("retries", new NpgsqlException("Failed to connect to 127.0.0.1:1", new SocketException(111))), Outage.Database },
        { new InvalidOperationException("transient", new NpgsqlException("No suitable host was found.")), Outage.Database },
        { new NpgsqlException("Unable to connect to a suitable host.", new AggregateException(new SocketException(111))), Outage.Database },
        { new NpgsqlException("Exception while reading from stream", new EndOfStreamException()), Outage.Database },
        { new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01"), Outage.Database },
        { new PostgresException("the database system is starting up", "FATAL", "FATAL", "57P03"), Outage.Database },
        { new RedisConnectionException(ConnectionFailureType.UnableToConnect, "No connection is available"), Outage.Cart },
        { new AggregateException(new RedisTimeoutException("timeout", CommandStatus.WaitingToBeSent)), Outage.Cart },
        // Redis took no session: the sign-in page's own outage, not the cart's.
        { new SessionStoreUnavailableException(), Outage.SignIn },
        { new InvalidOperationException("render", new SessionStoreUnavailableException()), Outage.SignIn },
        // A wrong statement, a constraint or a bug is not an outage: the error page, as before.
        { new PostgresException("duplicate key value", "ERROR", "ERROR", "23505"), null },
        { new PostgresException("syntax error", "ERROR", "ERROR", "42601"), null },
        { new InvalidOperationException("a bug"), null },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Classify_TellsOutagesFromErrors(Exception exception, Outage? expected) =>
        Assert.Equal(expected, OutageHosting.Classify(exception));

    [Theory]
    [InlineData("application/json", true)]
    [InlineData("application/problem+json", true)]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", false)]
    [InlineData("*/*", false)]
    [InlineData("", false)]
    public void WantsJson_OnlyForClientsThatNameJsonAndNotHtml(string accept, bool expected)
    {
        var http = new DefaultHttpContext();
        http.Request.Headers.Accept = accept;

        Assert.Equal(expected, OutageHosting.WantsJson(http.Request));
    }

    [Theory]
    [InlineData("/api/v1/products", "text/html")]
    [InlineData("/api", "")]
    [InlineData("/api/v1/carts/x", "*/*")]
    public void WantsJson_AlwaysUnderApi_WhateverAcceptSays(string path, string accept)
    {
        var http = new DefaultHttpContext();
        http.Request.Path = path;
        http.Request.Headers.Accept = accept;

        Assert.True(OutageHosting.WantsJson(http.Request));
    }

    [Fact]
    public async Task Refuse_UnderApi_Is503ProblemOfTypeUnavailable()
    {
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        http.Response.Body = new MemoryStream();
        http.Request.Path = "/api/v1/products/1";
        http.Request.Headers.Accept = "text/html";

        await OutageHosting.RefuseAsync(http, Outage.Database);

        Assert.Equal(503, http.Response.StatusCode);
        Assert.Equal("30", http.Response.Headers.RetryAfter.ToString());
        http.Response.Body.Position = 0;
        var body = await new StreamReader(http.Response.Body).ReadToEndAsync();
        Assert.Contains("\"type\":\"/api/v1/problems/unavailable\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuse_ForABrowser_Is503WithRetryAfterAndNoBody_SoTheStatusPageRenders()
    {
        var http = new DefaultHttpContext();
        http.Response.Body = new MemoryStream();
        http.Request.Headers.Accept = "text/html";

        await OutageHosting.RefuseAsync(http, Outage.Database);

        Assert.Equal(503, http.Response.StatusCode);
        Assert.Equal("30", http.Response.Headers.RetryAfter.ToString());
        Assert.Equal("no-store", http.Response.Headers.CacheControl.ToString());
        Assert.Equal(0, http.Response.Body.Length);
        Assert.Equal(Outage.Database, OutageHosting.Of(http));
    }
    [Fact]
    public void ConnectFailure_IsARefusedServer_NotABrokenPooledConnection()
    {
        Assert.True(DbFailures.IsConnectFailure(new RetryLimitExceededException("retries", new NpgsqlException("Failed to connect", new SocketException(111)))));
        Assert.True(DbFailures.IsConnectFailure(new PrimaryUnavailableException("primary unreachable")));
        // A pooled connection that a restart killed: a fresh connection to the same server will do.
        Assert.False(DbFailures.IsConnectFailure(new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01")));
        Assert.False(DbFailures.IsConnectFailure(new NpgsqlException("Exception while reading from stream", new EndOfStreamException())));
    }
}
