using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using PeakShop.Infrastructure.RateLimiting;

namespace PeakShop.Unit.Tests.Infrastructure.RateLimiting;

public sealed class RateLimitOptionsTests
{
    [Fact]
    public void Defaults_AreValid()
    {
        var options = new RateLimitOptions();

        Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
    }

    [Theory]
    [InlineData("PermitLimit", "0")]
    [InlineData("PermitLimit", "-3")]
    [InlineData("Window", "00:00:00")]
    [InlineData("Window", "30.00:00:00")]
    public void Validate_RefusesANestedRuleOutOfRange(string field, string value)
    {
        var options = Bind(new Dictionary<string, string?> { [$"RateLimits:SearchPerIp:{field}"] = value });
        var results = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Contains(results, r => r.ErrorMessage!.StartsWith("RateLimits:SearchPerIp:", StringComparison.Ordinal));
    }

    [Fact]
    public void Bind_OverridesOneFieldOfARule_AndKeepsTheOther()
    {
        var options = Bind(new Dictionary<string, string?> { ["RateLimits:SearchPerIp:PermitLimit"] = "7" });

        Assert.Equal(7, options.SearchPerIp.PermitLimit);
        Assert.Equal(new RateLimitOptions().SearchPerIp.Window, options.SearchPerIp.Window);
        Assert.Equal(new RateLimitOptions().SuggestPerIp, options.SuggestPerIp);
    }

    private static RateLimitOptions Bind(Dictionary<string, string?> values)
    {
        var options = new RateLimitOptions();
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(RateLimitOptions.Section).Bind(options);
        return options;
    }
}
