using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using PeakShop.Infrastructure.Validation;
using PeakShop.Web.Middleware;

namespace PeakShop.Unit.Tests.Web.Middleware;

public sealed class InputGuardTests
{
    [Theory]
    [InlineData("?line=3")]
    [InlineData("?line=")]
    [InlineData("?before=9223372036854775807&since=2026-05-01")]
    [InlineData("?q=anything+at+all&line=-1")]
    [InlineData("?unknown=abc")]
    public void Inspect_AcceptsParsableTypedQueryValues(string query) =>
        Assert.Null(InputGuard.Inspect(PageRequest(query)));

    [Theory]
    [InlineData("?line=abc")]
    [InlineData("?line=2147483648")]
    [InlineData("?line=1e309")]
    [InlineData("?LINE=abc")]
    [InlineData("?before=NaN")]
    [InlineData("?since=2026-13-45")]
    [InlineData("?key=not-a-guid")]
    [InlineData("?ids=1&ids=x")]
    public void Inspect_RejectsUnparsableTypedQueryValues(string query) =>
        Assert.NotNull(InputGuard.Inspect(PageRequest(query)));

    [Theory]
    [InlineData("?q=%FF%FE")]
    [InlineData("?q=a%00b")]
    public void Inspect_RejectsBrokenQueryTextOnAnyEndpoint(string query)
    {
        var http = new DefaultHttpContext();
        http.Request.QueryString = new QueryString(query);
        Assert.NotNull(InputGuard.Inspect(http));
    }

    [Fact]
    public void Inspect_RejectsControlCharactersInThePath()
    {
        var http = new DefaultHttpContext();
        http.Request.Path = "/p/a\0b";
        Assert.NotNull(InputGuard.Inspect(http));
    }

    [Theory]
    [InlineData("name=a%00b")]
    [InlineData("name=%FF%FE")]
    [InlineData("na%00me=x")]
    public async Task InvokeAsync_Answers400WithoutCallingThePage_GivenBrokenFormText(string body)
    {
        var called = false;
        var guard = new InputGuard(_ => { called = true; return Task.CompletedTask; });
        var http = FormPost(body);
        await guard.InvokeAsync(http);
        Assert.False(called);
        Assert.Equal(StatusCodes.Status400BadRequest, http.Response.StatusCode);
    }

    [Fact]
    public async Task InvokeAsync_PassesCleanFormsThrough()
    {
        var called = false;
        var guard = new InputGuard(_ => { called = true; return Task.CompletedTask; });
        var http = FormPost("name=Stra%C3%9Fe&note=line%0D%0Atwo&rtl=%E2%80%AEx");
        await guard.InvokeAsync(http);
        Assert.True(called);
        Assert.Equal(StatusCodes.Status200OK, http.Response.StatusCode);
    }

    [Fact]
    public async Task InvokeAsync_Answers400_GivenInputRejectedFurtherIn()
    {
        var guard = new InputGuard(_ => throw new InputRejectedException("too long"));
        var http = PageRequest("");
        await guard.InvokeAsync(http);
        Assert.Equal(StatusCodes.Status400BadRequest, http.Response.StatusCode);
    }

    /// <summary>The guard sees the matched page's own query parameters; one on a child component would go unchecked.</summary>
    [Fact]
    public void EveryTypedQueryParameter_IsOnARoutablePage()
    {
        var components = typeof(InputGuard).Assembly.GetTypes().Where(t => typeof(IComponent).IsAssignableFrom(t) && !t.IsAbstract);
        foreach (var component in components)
        {
            if (InputGuard.Discover(component).Length > 0)
            {
                Assert.True(component.GetCustomAttribute<RouteAttribute>() is not null,
                    $"{component.Name} reads a typed query parameter but is not a page: read it as a string or move it to the page");
            }
        }
    }

    private static DefaultHttpContext PageRequest(string query)
    {
        var http = new DefaultHttpContext();
        http.Request.Path = "/page";
        http.Request.QueryString = new QueryString(query);
        http.SetEndpoint(new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(new ComponentTypeMetadata(typeof(TypedQueryPage))), "page"));
        return http;
    }

    private static DefaultHttpContext FormPost(string body)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = HttpMethods.Post;
        http.Request.Path = "/form";
        http.Request.ContentType = "application/x-www-form-urlencoded";
        http.Request.Body = new MemoryStream(Encoding.ASCII.GetBytes(body));
        http.Features.Set<IFormFeature>(new FormFeature(http.Request));
        return http;
    }

    private sealed class TypedQueryPage : ComponentBase
    {
        [SupplyParameterFromQuery(Name = "line")] public int? Line { get; set; }
        [SupplyParameterFromQuery(Name = "before")] public long? Before { get; set; }
        [SupplyParameterFromQuery(Name = "since")] public DateTime? Since { get; set; }
        [SupplyParameterFromQuery(Name = "key")] public Guid? Key { get; set; }
        [SupplyParameterFromQuery(Name = "ids")] public int[]? Ids { get; set; }
        [SupplyParameterFromQuery(Name = "q")] public string? Q { get; set; }
    }
}
