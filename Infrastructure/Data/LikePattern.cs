namespace PeakShop.Infrastructure.Data;

/// <summary>
/// ILIKE patterns from what staff type: <c>%</c>, <c>_</c> and <c>\</c> taken literally. The query must name
/// <see cref="Escape"/> (<c>EF.Functions.ILike(x, pattern, LikePattern.Escape)</c>): without an escape character EF
/// asks PostgreSQL for none (<c>ESCAPE ''</c>), and the backslashes would be matched as text.
/// </summary>
internal static class LikePattern
{
    public const string Escape = "\\";

    public static string Exactly(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    public static string Containing(string text) => "%" + Exactly(text) + "%";
}
