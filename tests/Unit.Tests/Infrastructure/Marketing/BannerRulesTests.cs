using Microsoft.Extensions.Time.Testing;
using PeakShop.Infrastructure.Marketing;

namespace PeakShop.Unit.Tests.Infrastructure.Marketing;

public sealed class BannerRulesTests
{
    private static BannerForm Valid(Action<BannerForm>? change = null)
    {
        var form = new BannerForm
        {
            Placement = BannerPlacement.HomeHero, Headline = "Winter sale", MediaAssetId = 7, AltText = "A skier on a ridge",
            LinkUrl = "/c/outdoor", StartsLocal = new DateTime(2026, 12, 1, 10, 0, 0), EndsLocal = new DateTime(2026, 12, 24, 18, 0, 0),
            TimeZone = "Europe/Berlin", Priority = 5, Published = true,
        };
        change?.Invoke(form);
        return form;
    }

    [Fact]
    public void Validate_ValidForm_StoresTheLocalScheduleAsUtcInstants()
    {
        var (errors, schedule) = BannerRules.Validate(Valid());

        Assert.Empty(errors);
        // Berlin is UTC+1 in December.
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero), schedule!.StartsAt);
        Assert.Equal(new DateTimeOffset(2026, 12, 24, 17, 0, 0, TimeSpan.Zero), schedule.EndsAt);
        Assert.Equal("Europe/Berlin", schedule.TimeZone);
    }

    [Fact]
    public void Validate_ImageWithoutAltText_AsksToDescribeTheImage()
    {
        var (errors, schedule) = BannerRules.Validate(Valid(f => f.AltText = "   "));

        Assert.Null(schedule);
        Assert.Equal("Describe the image for people who cannot see it.", errors[nameof(BannerForm.AltText)]);
    }

    [Fact]
    public void Validate_EndBeforeStart_SaysTheEndMustBeAfterTheStart()
    {
        var (errors, schedule) = BannerRules.Validate(Valid(f => f.EndsLocal = f.StartsLocal!.Value.AddMinutes(-1)));
        var (sameErrors, _) = BannerRules.Validate(Valid(f => f.EndsLocal = f.StartsLocal));

        Assert.Null(schedule);
        Assert.Equal("The end must be after the start.", errors[nameof(BannerForm.EndsLocal)]);
        Assert.Equal("The end must be after the start.", sameErrors[nameof(BannerForm.EndsLocal)]);
    }

    [Fact]
    public void Validate_LocalTimeInTheSpringForwardGap_IsRefusedWithAMessage()
    {
        // 29 March 2026: Berlin's clocks jump from 02:00 to 03:00, so 02:30 never happens.
        var (errors, schedule) = BannerRules.Validate(Valid(f => { f.StartsLocal = new DateTime(2026, 3, 29, 2, 30, 0); f.EndsLocal = null; }));

        Assert.Null(schedule);
        Assert.Equal("2026-03-29 02:30 does not exist in Europe/Berlin: the clocks go forward then. Choose a time after the change.",
            errors[nameof(BannerForm.StartsLocal)]);
    }

    [Fact]
    public void Validate_LocalTimeInTheFallBackOverlap_TakesItsFirstOccurrence()
    {
        // 25 October 2026: 02:30 happens twice in Berlin (UTC+2, then UTC+1); the first is 00:30 UTC.
        var (errors, schedule) = BannerRules.Validate(Valid(f => { f.StartsLocal = new DateTime(2026, 10, 25, 2, 30, 0); f.EndsLocal = new DateTime(2026, 10, 25, 3, 0, 0); }));

        Assert.Empty(errors);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), schedule!.StartsAt);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 2, 0, 0, TimeSpan.Zero), schedule.EndsAt);
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("")]
    [InlineData("+01:00")]
    public void Validate_UnknownTimeZone_IsRefused(string zone)
    {
        var (errors, schedule) = BannerRules.Validate(Valid(f => f.TimeZone = zone));

        Assert.Null(schedule);
        Assert.Equal("Choose a time zone such as Europe/Berlin or UTC.", errors[nameof(BannerForm.TimeZone)]);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("JavaScript:alert(1)")]
    [InlineData("//evil.example/phish")]
    [InlineData("/\\evil.example")]
    [InlineData("http://example.com/sale")]
    [InlineData("https://user:pw@example.com/")]
    [InlineData("data:text/html,hi")]
    [InlineData("c/outdoor")]
    [InlineData("/c/out door")]
    public void Validate_BadLink_IsRefused(string link)
    {
        var (errors, _) = BannerRules.Validate(Valid(f => f.LinkUrl = link));

        Assert.Equal("Use a path on this shop (such as /c/outdoor) or an https:// address.", errors[nameof(BannerForm.LinkUrl)]);
    }

    [Theory]
    [InlineData("/c/outdoor")]
    [InlineData("/search?q=tent")]
    [InlineData("https://blog.peakshop.example/winter")]
    [InlineData("")]
    public void Validate_LocalPathOrHttpsLink_IsAccepted(string link)
    {
        var (errors, _) = BannerRules.Validate(Valid(f => f.LinkUrl = link));

        Assert.False(errors.ContainsKey(nameof(BannerForm.LinkUrl)));
    }

    [Fact]
    public void Validate_ImageIsRequiredForHeroAndCategoryTop_OptionalForTheStrip()
    {
        var hero = BannerRules.Validate(Valid(f => { f.MediaAssetId = null; f.AltText = null; })).Errors;
        var category = BannerRules.Validate(Valid(f => { f.Placement = BannerPlacement.CategoryTop; f.MediaAssetId = null; })).Errors;
        var strip = BannerRules.Validate(Valid(f => { f.Placement = BannerPlacement.SiteStrip; f.MediaAssetId = null; f.AltText = null; })).Errors;

        Assert.Equal("Choose an image: this placement shows one.", hero[nameof(BannerForm.MediaAssetId)]);
        Assert.True(category.ContainsKey(nameof(BannerForm.MediaAssetId)));
        Assert.Empty(strip);
    }

    [Fact]
    public void Validate_MissingHeadlineAndStart_AreNamed()
    {
        var (errors, _) = BannerRules.Validate(Valid(f => { f.Headline = " "; f.StartsLocal = null; }));

        Assert.Equal("Enter a headline.", errors[nameof(BannerForm.Headline)]);
        Assert.Equal("Enter when the banner starts.", errors[nameof(BannerForm.StartsLocal)]);
    }

    [Fact]
    public void StatusAt_FollowsTheClock_ScheduledLiveEnded()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        var starts = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        var ends = starts.AddHours(2);

        var before = BannerRules.StatusAt(true, starts, ends, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromHours(1));
        var atStart = BannerRules.StatusAt(true, starts, ends, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromHours(2) - TimeSpan.FromTicks(1));
        var justBeforeEnd = BannerRules.StatusAt(true, starts, ends, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromTicks(1));
        var atEnd = BannerRules.StatusAt(true, starts, ends, clock.GetUtcNow());

        Assert.Equal(BannerStatus.Scheduled, before);
        Assert.Equal(BannerStatus.Live, atStart);
        Assert.Equal(BannerStatus.Live, justBeforeEnd);
        Assert.Equal(BannerStatus.Ended, atEnd);
        Assert.Equal(BannerStatus.Unpublished, BannerRules.StatusAt(false, starts, ends, starts.AddMinutes(1)));
        Assert.Equal(BannerStatus.Live, BannerRules.StatusAt(true, starts, null, starts.AddYears(5)));
    }
}
