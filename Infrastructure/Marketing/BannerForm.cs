using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace PeakShop.Infrastructure.Marketing;

/// <summary>What marketing edits on a banner. The schedule is entered as local date-times in <see cref="TimeZone"/>.</summary>
public sealed class BannerForm
{
    public BannerPlacement Placement { get; set; } = BannerPlacement.HomeHero;

    [Required(ErrorMessage = "Enter a headline.")]
    [StringLength(120, ErrorMessage = "The headline can be at most 120 characters.")]
    public string Headline { get; set; } = "";

    [StringLength(300, ErrorMessage = "The text can be at most 300 characters.")]
    public string? Text { get; set; }

    [StringLength(500, ErrorMessage = "The link can be at most 500 characters.")]
    public string? LinkUrl { get; set; }

    public long? MediaAssetId { get; set; }

    [StringLength(300, ErrorMessage = "The description can be at most 300 characters.")]
    public string? AltText { get; set; }

    /// <summary>CategoryTop only; null shows it on every category.</summary>
    public int? CategoryId { get; set; }

    [Required(ErrorMessage = "Enter when the banner starts.")]
    public DateTime? StartsLocal { get; set; }

    /// <summary>Empty: shown until it is unpublished.</summary>
    public DateTime? EndsLocal { get; set; }

    [Required(ErrorMessage = "Choose a time zone.")]
    public string TimeZone { get; set; } = "UTC";

    [Range(0, 1000, ErrorMessage = "The priority must be between 0 and 1,000.")]
    public int Priority { get; set; }

    public bool Published { get; set; }

    /// <summary>The row version (PostgreSQL <c>xmin</c>) the form was loaded from.</summary>
    public uint Version { get; set; }
}

public enum BannerStatus { Scheduled, Live, Ended, Unpublished }

/// <summary>A banner's schedule checked and turned into UTC instants.</summary>
public sealed record BannerSchedule(DateTimeOffset StartsAt, DateTimeOffset? EndsAt, string TimeZone);

/// <summary>The rules a banner must meet before it is stored; pure, so they are tested without a database.</summary>
public static class BannerRules
{
    public const string AltTextMessage = "Describe the image for people who cannot see it.";
    public const string LinkMessage = "Use a path on this shop (such as /c/outdoor) or an https:// address.";
    public const string EndMessage = "The end must be after the start.";

    /// <summary>Placements that cannot show without an image.</summary>
    public static bool RequiresImage(BannerPlacement placement) => placement is BannerPlacement.HomeHero or BannerPlacement.CategoryTop;

    /// <summary>Field errors (by form property name) and, when the schedule is valid, its UTC instants.</summary>
    public static (Dictionary<string, string> Errors, BannerSchedule? Schedule) Validate(BannerForm form)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!Enum.IsDefined(form.Placement))
        {
            errors[nameof(BannerForm.Placement)] = "Choose a placement.";
        }
        if (string.IsNullOrWhiteSpace(form.Headline))
        {
            errors[nameof(BannerForm.Headline)] = "Enter a headline.";
        }
        if (form.MediaAssetId is null && RequiresImage(form.Placement))
        {
            errors[nameof(BannerForm.MediaAssetId)] = "Choose an image: this placement shows one.";
        }
        if (form.MediaAssetId is not null && string.IsNullOrWhiteSpace(form.AltText))
        {
            errors[nameof(BannerForm.AltText)] = AltTextMessage;
        }
        if (LinkError(form.LinkUrl) is { } link)
        {
            errors[nameof(BannerForm.LinkUrl)] = link;
        }
        if (form.Priority is < 0 or > 1000)
        {
            errors[nameof(BannerForm.Priority)] = "The priority must be between 0 and 1,000.";
        }

        if (!TryFindZone(form.TimeZone, out var zone))
        {
            errors[nameof(BannerForm.TimeZone)] = "Choose a time zone such as Europe/Berlin or UTC.";
            return (errors, null);
        }
        DateTimeOffset? starts = null, ends = null;
        if (form.StartsLocal is not { } startLocal)
        {
            errors[nameof(BannerForm.StartsLocal)] = "Enter when the banner starts.";
        }
        else if (ToInstant(startLocal, zone, out var error) is { } s)
        {
            starts = s;
        }
        else
        {
            errors[nameof(BannerForm.StartsLocal)] = error!;
        }
        if (form.EndsLocal is { } endLocal)
        {
            if (ToInstant(endLocal, zone, out var error) is { } e)
            {
                ends = e;
            }
            else
            {
                errors[nameof(BannerForm.EndsLocal)] = error!;
            }
        }
        if (starts is { } from && ends is { } to && to <= from)
        {
            errors[nameof(BannerForm.EndsLocal)] = EndMessage;
        }
        return (errors, errors.Count == 0 && starts is { } start ? new BannerSchedule(start, ends, zone.Id) : null);
    }

    /// <summary>
    /// A local date-time in a zone as a UTC instant. A time the clocks skip (spring forward) does not exist and is
    /// refused; a time that happens twice (fall back) is taken at its first occurrence, the earlier instant.
    /// </summary>
    public static DateTimeOffset? ToInstant(DateTime local, TimeZoneInfo zone, out string? error)
    {
        local = DateTime.SpecifyKind(new DateTime(local.Ticks - local.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Unspecified);
        error = null;
        if (zone.IsInvalidTime(local))
        {
            error = string.Create(CultureInfo.InvariantCulture,
                $"{local:yyyy-MM-dd HH:mm} does not exist in {zone.Id}: the clocks go forward then. Choose a time after the change.");
            return null;
        }
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>An instant as the local date-time of a zone (for showing a schedule back in the zone it was entered in).</summary>
    public static DateTimeOffset InZone(DateTimeOffset instant, string zoneId) =>
        TryFindZone(zoneId, out var zone) ? TimeZoneInfo.ConvertTime(instant, zone) : instant;

    /// <summary>IANA zones only (Europe/Berlin, UTC), as stored and shown back.</summary>
    public static bool TryFindZone(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64)
        {
            return false;
        }
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var found) || !found.HasIanaId)
        {
            return false;
        }
        zone = found;
        return true;
    }

    /// <summary>Null when the link is empty, a path on this site or an https URL; otherwise the message.</summary>
    public static string? LinkError(string? link)
    {
        if (string.IsNullOrWhiteSpace(link))
        {
            return null;
        }
        link = link.Trim();
        if (link.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) || link.Contains('\\', StringComparison.Ordinal))
        {
            return LinkMessage;
        }
        if (link[0] == '/')
        {
            // Prevent protocol-relative links to another host ("//evil.example").
            return link.Length > 1 && link[1] == '/' ? LinkMessage : null;
        }
        return Uri.TryCreate(link, UriKind.Absolute, out var uri)
            && uri.Scheme == Uri.UriSchemeHttps
            && !string.IsNullOrEmpty(uri.Host)
            && string.IsNullOrEmpty(uri.UserInfo)
                ? null
                : LinkMessage;
    }

    public static BannerStatus StatusAt(bool published, DateTimeOffset startsAt, DateTimeOffset? endsAt, DateTimeOffset now) =>
        !published ? BannerStatus.Unpublished
        : now < startsAt ? BannerStatus.Scheduled
        : endsAt is { } end && now >= end ? BannerStatus.Ended
        : BannerStatus.Live;
}
