using Bunit;

namespace PeakShop.Unit.Tests.Web.Components.Shared;

public sealed class FormFieldTests : BunitContext
{
    [Fact]
    public void Render_LabelsTheControl_AndDescribesItByItsHint_WhileValid()
    {
        var form = Render<SampleForm>();

        var email = form.Find("#sample-email");
        Assert.Equal("sample-email", form.Find("label[for=sample-email]").GetAttribute("for"));
        Assert.Equal("sample-email-hint", email.GetAttribute("aria-describedby"));
        Assert.Equal("For the receipt.", form.Find("#sample-email-hint").TextContent);
        Assert.Null(email.GetAttribute("aria-invalid"));
        Assert.Empty(form.FindAll(".field-error"));
    }

    [Fact]
    public void Invalid_ShowsTheErrorUnderTheField_MarksTheControl_AndDescribesItByTheError()
    {
        var form = Render<SampleForm>();

        form.InvokeAsync(() => form.Instance.Context.Validate());

        var city = form.Find("#sample-city");
        Assert.Equal("true", city.GetAttribute("aria-invalid"));
        Assert.Equal("sample-city-error", city.GetAttribute("aria-describedby"));
        Assert.Equal("Enter the town.", form.Find("#sample-city-error").TextContent);
        // Hint first, then the error.
        Assert.Equal("sample-email-hint sample-email-error", form.Find("#sample-email").GetAttribute("aria-describedby"));
        // The error follows its control inside the field.
        var field = city.ParentElement!;
        Assert.Same(field, form.Find("#sample-city-error").ParentElement);
    }

    [Fact]
    public void Fixed_RemovesTheErrorAndTheMark()
    {
        var form = Render<SampleForm>();
        form.InvokeAsync(() => form.Instance.Context.Validate());

        form.Find("#sample-city").Change("Berlin");
        form.InvokeAsync(() => form.Instance.Context.Validate());

        Assert.Null(form.Find("#sample-city").GetAttribute("aria-invalid"));
        Assert.Empty(form.FindAll("#sample-city-error"));
    }
}
