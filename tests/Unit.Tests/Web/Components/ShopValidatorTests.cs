using System.ComponentModel.DataAnnotations;
using PeakShop.Infrastructure.Catalog.Admin;
using PeakShop.Web.Components.Shared;

namespace PeakShop.Unit.Tests.Web.Components;

public sealed class ShopValidatorTests
{
    [Fact]
    public void Problems_FindsBrokenTextInFieldsAndNestedRows()
    {
        var form = new ProductForm { Name = "Tent\0", Sku = "T-1", Images = [new ProductImageForm { Path = "img/a.svg", AltText = "bad \uFFFD" }] };
        var problems = ShopValidator.Problems(form).Select(p => (p.Field.Model, p.Field.FieldName)).ToList();
        Assert.Contains((form, nameof(ProductForm.Name)), problems);
        Assert.Contains((form.Images[0], nameof(ProductImageForm.AltText)), problems);
        Assert.Equal(2, problems.Count);
    }

    [Fact]
    public void Problems_BoundsStringsThatDeclareNoLength()
    {
        var problems = ShopValidator.Problems(new Unbounded { Free = new string('x', ShopValidator.DefaultMaxLength + 1), Declared = new string('x', 5000) }).ToList();
        Assert.Equal(nameof(Unbounded.Free), Assert.Single(problems).Field.FieldName);
    }

    [Fact]
    public void Problems_AcceptsCleanText() =>
        Assert.Empty(ShopValidator.Problems(new ProductForm { Name = "Zelt \u202Eüber\u200B", Description = "line\r\nline" }));

    private sealed class Unbounded
    {
        public string? Free { get; set; }

        // Its own rule gives its own message.
        [StringLength(10)]
        public string? Declared { get; set; }
    }
}
