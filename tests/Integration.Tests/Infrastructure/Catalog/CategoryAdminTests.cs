using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Auditing;
using PeakShop.Infrastructure.Catalog.Admin;
using PeakShop.Infrastructure.Data;
using PeakShop.Integration.Tests.Web.Storefront;

namespace PeakShop.Integration.Tests.Infrastructure.Catalog;

public sealed class CategoryAdminTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    private static readonly StaffActor Actor = new("staff-id", "staff@peakshop.test");

    private CategoryAdmin Admin => factory.Services.GetRequiredService<CategoryAdmin>();

    [Fact]
    public async Task MovingACategoryUnderItsOwnChild_IsRefused()
    {
        var department = await DepartmentAsync();
        var parent = await CreateAsync("Cycle parent", department);
        var child = await CreateAsync("Cycle child", parent);
        var form = (await Admin.GetAsync(parent))!;
        form.ParentId = child;

        var result = await Admin.SaveAsync(parent, form, Actor);

        Assert.Contains(nameof(CategoryForm.ParentId), result.Errors.Keys);
        Assert.Equal(department, (await Admin.GetAsync(parent))!.ParentId);
    }

    [Fact]
    public async Task Delete_OfACategoryWithProductsOrChildren_IsRefused_AndOfAnEmptyOne_Succeeds()
    {
        var parent = await CreateAsync("Delete parent", await DepartmentAsync());
        var child = await CreateAsync("Delete child", parent);
        var product = await TestProducts.CreateAsync(factory.Services, stock: 1);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            await db.Products.Where(p => p.Id == product.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.CategoryId, child));
        }

        var withChild = await Admin.DeleteAsync(parent, Actor);
        var withProduct = await Admin.DeleteAsync(child, Actor);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            await db.Products.Where(p => p.Id == product.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.IsArchived, true).SetProperty(p => p.CategoryId, parent));
        }
        var emptyChild = await Admin.DeleteAsync(child, Actor);

        Assert.Contains("subcategories", withChild.Errors["Delete"], StringComparison.Ordinal);
        Assert.Contains("1 products", withProduct.Errors["Delete"], StringComparison.Ordinal);
        Assert.True(emptyChild.Succeeded);
        Assert.Null(await Admin.GetAsync(child));
    }

    [Fact]
    public async Task DuplicateSlug_IsAFieldError()
    {
        var first = await CreateAsync("Slug twin", await DepartmentAsync());
        var slug = (await Admin.GetAsync(first))!.Slug;

        var second = await Admin.SaveAsync(null, new CategoryForm { Name = "Another", Slug = slug }, Actor);

        Assert.Contains(nameof(CategoryForm.Slug), second.Errors.Keys);
    }

    /// <summary>Test categories go under a seeded department: new top-level ones would change the home page other tests check.</summary>
    private async Task<int> DepartmentAsync() => (await Admin.TreeAsync()).First(r => r.ParentId is null).Id;

    private async Task<int> CreateAsync(string name, int? parent)
    {
        var result = await Admin.SaveAsync(null, new CategoryForm { Name = $"{name} {Guid.NewGuid():N}"[..40], ParentId = parent }, Actor);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Values));
        return result.Id!.Value;
    }
}
