using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Customers;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Validation;
using PeakShop.Integration.Tests.Web.Storefront;
using PeakShop.Testing;

namespace PeakShop.Integration.Tests.Web.Security;

/// <summary>The edge of input, one example per class: each answers 400 or a message, and nothing is stored.</summary>
public sealed class InputEdgeTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Theory]
    [InlineData("/cart?line=abc")]
    [InlineData("/cart?cart_max=2147483648")]
    [InlineData("/admin/audit?before=abc")]
    [InlineData("/search?q=a%00b")]
    [InlineData("/search?q=%FF%FE")]
    [InlineData("/account/confirm-email?userId=a%00b&code=x")]
    [InlineData("/account/reset-password?email=%FF%FE&code=x")]
    public async Task Page_Answers400StatusPage_GivenUnparsableOrBrokenQuery(string url)
    {
        using var admin = await StaffAccounts.SignInAsync(factory, ShopRoles.Admin);
        using var response = await admin.Client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("We could not understand that request", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a\0lt")]
    [InlineData("\uFFFD")]
    [InlineData(null)]
    public async Task MediaUpload_Refuses400AndStoresNothing_GivenBrokenOrOverlongAltText(string? alt)
    {
        alt ??= new string('a', 301);
        using var marketing = await StaffAccounts.SignInAsync(factory, ShopRoles.Marketing);
        var token = ShopSession.Token(await marketing.GetHtmlAsync("/admin/marketing/media"));
        var content = TestImages.Make("png", 64, 64, unique: true);
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(content), "file", "alt.png" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(alt)), "alt" },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/marketing/media/api") { Content = form };
        request.Headers.Add("RequestVerificationToken", token);
        using var response = await marketing.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.Content.ReadFromJsonAsync<ProblemDetails>())?.Detail);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        Assert.False(await db.MediaAssets.AnyAsync(a => a.FileName == "alt.png" && a.Length == content.Length));
    }

    [Theory]
    [InlineData("Tent\0")]
    [InlineData(null)]
    public async Task SaveChanges_RefusesNulAndOverlongText_BeforeTheDatabase(string? name)
    {
        var product = await TestProducts.CreateAsync(factory.Services, stock: 1);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var tracked = await db.Products.SingleAsync(p => p.Id == product.Id);
        tracked.Name = name ?? new string('n', 10_000);
        await Assert.ThrowsAsync<InputRejectedException>(() => db.SaveChangesAsync());

        await using var check = factory.Services.CreateAsyncScope();
        var stored = await check.ServiceProvider.GetRequiredService<ShopDbContext>().Products.AsNoTracking().SingleAsync(p => p.Id == product.Id);
        Assert.Equal(product.Name, stored.Name);
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("ada@example")]
    [InlineData("ada@@example.com")]
    public async Task Checkout_ShowsTheEmailMessage_GivenAnInvalidGuestAddress(string email)
    {
        var product = await TestProducts.CreateAsync(factory.Services, stock: 5);
        await TestProducts.WaitVisibleOnStandbyAsync(factory.Services, product.Id);
        using var guest = ShopSession.Open(factory);
        using var added = await guest.AddToCartAsync(product.Id, "1", "/");
        using var response = await guest.CheckoutAsync(email: email);
        Assert.NotEqual(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True((int)response.StatusCode < 500);
        Assert.Contains("Enter a valid e-mail address.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
