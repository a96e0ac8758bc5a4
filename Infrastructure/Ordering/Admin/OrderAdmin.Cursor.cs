using System.Globalization;

namespace PeakShop.Infrastructure.Ordering.Admin;

public sealed partial class OrderAdmin
{
    /// <summary>The list's position: <c>{created_at in UTC ticks}-{id}</c>; anything else means the first page.</summary>
    public static class Cursor
    {
        public static string Format(DateTimeOffset at, long id) => string.Create(CultureInfo.InvariantCulture, $"{at.UtcTicks}-{id}");

        public static bool TryParse(string? value, out DateTimeOffset at, out long id)
        {
            at = default;
            id = 0;
            var parts = value?.Split('-');
            if (parts is not [var ticks, var key]
                || !long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var t)
                || !long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out id)
                || t < DateTimeOffset.MinValue.UtcTicks || t > DateTimeOffset.MaxValue.UtcTicks)
            {
                return false;
            }
            at = new DateTimeOffset(t, TimeSpan.Zero);
            return true;
        }
    }
}
