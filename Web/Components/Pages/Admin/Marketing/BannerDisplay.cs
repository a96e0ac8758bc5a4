using System.Globalization;
using PeakShop.Infrastructure.Marketing;

namespace PeakShop.Web.Components.Pages.Admin.Marketing;

/// <summary>How the banner pages show placements, schedules and zones.</summary>
internal static class BannerDisplay
{
    /// <summary>The IANA zones this machine knows, for the form's list.</summary>
    public static readonly IReadOnlyList<string> Zones =
        [.. TimeZoneInfo.GetSystemTimeZones().Where(z => z.HasIanaId).Select(z => z.Id).Append("UTC").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    public static string Placement(BannerPlacement placement) => placement switch
    {
        BannerPlacement.HomeHero => "Home page hero",
        BannerPlacement.CategoryTop => "Top of category pages",
        BannerPlacement.SiteStrip => "Site strip (every page)",
        _ => placement.ToString(),
    };

    /// <summary>An instant in the zone it was entered in, with that moment's offset (so a fall-back hour is unambiguous).</summary>
    public static string At(DateTimeOffset instant, string zone)
    {
        var local = BannerRules.InZone(instant, zone);
        var offset = local.Offset;
        var sign = offset < TimeSpan.Zero ? "−" : "+";
        return string.Create(CultureInfo.InvariantCulture, $"{local:yyyy-MM-dd HH:mm} (UTC{sign}{offset:hh\\:mm})");
    }

    public static string Schedule(DateTimeOffset startsAt, DateTimeOffset? endsAt, string zone) =>
        $"{At(startsAt, zone)} – {(endsAt is { } end ? At(end, zone) : "no end")} {zone}";
}
