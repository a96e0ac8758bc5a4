using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Auditing;
using PeakShop.Infrastructure.Catalog.Admin;
using PeakShop.Infrastructure.Data;
using PeakShop.Integration.Tests.Web.Storefront;

namespace PeakShop.Integration.Tests.Infrastructure.Catalog;

/// <summary>Staff writes on the real primary: optimistic concurrency on xmin, audit rows, stock never below zero.</summary>
public sealed class ProductAdminTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    private static readonly StaffActor Alice = new("alice-id", "alice@peakshop.test");
    private static readonly StaffActor Bob = new("bob-id", "bob@peakshop.test");

    private ProductAdmin Admin => factory.Services.GetRequiredService<ProductAdmin>();

    [Fact]
    public async Task SecondEditor_GetsAConflictWithTheCurrentValues_AndOverwritesNothing()
    {
        var product = await TestProducts.CreateAsync(factory.Services, stock: 4, price: 30m);
        var alice = (await Admin.GetAsync(product.Id))!;
        var bob = (await Admin.GetAsync(product.Id))!;

        alice.Price = 31m;
        var first = await Admin.UpdateAsync(product.Id, alice, Alice);
        bob.Name = "Bob's rename";
        var second = await Admin.UpdateAsync(product.Id, bob, Bob);

        Assert.True(first.Succeeded);
        Assert.False(second.Succeeded);
        Assert.NotNull(second.Current);
        Assert.Equal(31m, second.Current!.Price);
        Assert.Equal(product.Name, second.Current.Name);
        var saved = (await Admin.GetAsync(product.Id))!;
        Assert.Equal(31m, saved.Price);
        Assert.Equal(product.Name, saved.Name);
        Assert.NotEqual(alice.Version, saved.Version);
    }

    [Fact]
    public async Task Update_WritesAnAuditRowWithBeforeAndAfter()
    {
        var product = await TestProducts.CreateAsync(factory.Services, stock: 4, price: 40m);
        var form = (await Admin.GetAsync(product.Id))!;
        form.Price = 44.5m;

        Assert.True((await Admin.UpdateAsync(product.Id, form, Alice)).Succeeded);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var entry = await db.AuditLog.SingleAsync(a => a.EntityType == "Product" && a.EntityId == product.Id.ToString() && a.Action == "product.update");
        Assert.Equal(Alice.Email, entry.ActorEmail);
        Assert.Equal(40m, JsonDocument.Parse(entry.Before!).RootElement.GetProperty("price").GetDecimal());
        Assert.Equal(44.5m, JsonDocument.Parse(entry.After!).RootElement.GetProperty("price").GetDecimal());
        Assert.True(DateTimeOffset.UtcNow - entry.At < TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Update_LeavesTheStockAlone_WhateverTheFormSays_StockChangesOnlyWithAReason()
    {
        var product = await TestProducts.CreateAsync(factory.Services, stock: 7, price: 20m);
        var form = (await Admin.GetAsync(product.Id))!;
        form.Stock = 500;
        form.Price = 21m;

        Assert.True((await Admin.UpdateAsync(product.Id, form, Alice)).Succeeded);

        Assert.Equal(7, await TestProducts.StockAsync(factory.Services, product.Id));
        Assert.Equal(21m, (await Admin.GetAsync(product.Id))!.Price);
        Assert.Empty(await Admin.HistoryAsync(product.Id));
    }

    [Fact]
    public async Task Create_StartsAtZeroStock_WithNoMovement()
    {
        var template = (await Admin.GetAsync((await TestProducts.CreateAsync(factory.Services, stock: 1)).Id))!;
        var form = template.Copy();
        form.Sku = "Z-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        form.Slug = "zero-" + Guid.NewGuid().ToString("N")[..8];
        form.Stock = 40;

        var created = await Admin.CreateAsync(form, Alice);

        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Values));
        Assert.Equal(0, await TestProducts.StockAsync(factory.Services, created.Id!.Value));
        Assert.Empty(await Admin.HistoryAsync(created.Id.Value));
    }

    [Fact]
    public async Task DuplicateSkuOrSlug_IsAFieldError_AndNothingIsCreated()
    {
        var existing = await TestProducts.CreateAsync(factory.Services, stock: 1);
        var template = (await Admin.GetAsync(existing.Id))!;
        var sameSku = template.Copy();
        sameSku.Slug = "unique-" + Guid.NewGuid().ToString("N")[..8];
        var sameSlug = template.Copy();
        sameSlug.Sku = "U-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

        var bySku = await Admin.CreateAsync(sameSku, Alice);
        var bySlug = await Admin.CreateAsync(sameSlug, Alice);

        Assert.Contains(nameof(ProductForm.Sku), bySku.Errors.Keys);
        Assert.Contains(nameof(ProductForm.Slug), bySlug.Errors.Keys);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        Assert.Equal(0, await db.Products.CountAsync(p => p.Slug == sameSku.Slug || p.Sku == sameSlug.Sku));
    }

    [Fact]
    public async Task StockAdjustment_BelowZero_IsRefused_AndOthersAreRecordedWithTheirReason()
    {
        var product = await TestProducts.CreateAsync(factory.Services, stock: 2);

        var tooMany = await Admin.AdjustStockAsync(product.Id, -3, "stock count", Alice);
        var delivery = await Admin.AdjustStockAsync(product.Id, 10, "delivery", Alice);
        var damaged = await Admin.AdjustStockAsync(product.Id, -1, "damaged", Bob);
        var noReason = await Admin.AdjustStockAsync(product.Id, 1, " ", Bob);

        Assert.Contains("Delta", tooMany.Errors.Keys);
        Assert.Contains("Only 2 in stock", tooMany.Errors["Delta"], StringComparison.Ordinal);
        Assert.True(delivery.Succeeded);
        Assert.True(damaged.Succeeded);
        Assert.Contains("Reason", noReason.Errors.Keys);
        Assert.Equal(11, await TestProducts.StockAsync(factory.Services, product.Id));
        var history = await Admin.HistoryAsync(product.Id);
        Assert.Equal([(-1, 11, "damaged"), (10, 12, "delivery")], history.Select(h => (h.Delta, h.StockAfter, h.Reason)).ToArray());
    }

    [Fact]
    public async Task PriceChange_ReachesTheStorefrontPage()
    {
        var product = await TestProducts.CreateAsync(factory.Services, stock: 4, price: 50m);
        await TestProducts.WaitVisibleOnStandbyAsync(factory.Services, product.Id);
        using var client = factory.CreateCookielessClient();
        Assert.Contains("50.00", await client.GetStringAsync(new Uri($"/p/{product.Slug}", UriKind.Relative)), StringComparison.Ordinal);
        var form = (await Admin.GetAsync(product.Id))!;
        form.Price = 57.25m;

        Assert.True((await Admin.UpdateAsync(product.Id, form, Alice)).Succeeded);

        var deadline = DateTime.UtcNow.AddSeconds(2);
        string html;
        do
        {
            using var response = await client.GetAsync(new Uri($"/p/{product.Slug}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            html = await response.Content.ReadAsStringAsync();
        }
        while (!html.Contains("57.25", StringComparison.Ordinal) && DateTime.UtcNow < deadline && await Task.Delay(50).ContinueWith(_ => true));
        Assert.Contains("57.25", html, StringComparison.Ordinal);
    }
}
