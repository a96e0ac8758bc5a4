namespace PeakShop.Web.Components.Storefront;

/// <summary>
/// Splits text into plain and matching parts, so the page renders matches in <c>&lt;mark&gt;</c> with
/// Razor's own HTML encoding: no markup string is ever built from shopper input.
/// </summary>
public static class Highlighter
{
    public readonly record struct Segment(string Text, bool Match);

    public static IReadOnlyList<Segment> Split(string text, IReadOnlyCollection<string> terms)
    {
        var segments = new List<Segment>();
        if (terms.Count == 0 || string.IsNullOrEmpty(text))
        {
            segments.Add(new Segment(text, false));
            return segments;
        }
        var start = 0;
        var plainStart = 0;
        while (start < text.Length)
        {
            if (!char.IsLetterOrDigit(text[start]))
            {
                start++;
                continue;
            }
            var end = start;
            while (end < text.Length && char.IsLetterOrDigit(text[end]))
            {
                end++;
            }
            var word = text[start..end];
            if (terms.Any(t => Matches(word, t)))
            {
                if (start > plainStart)
                {
                    segments.Add(new Segment(text[plainStart..start], false));
                }
                segments.Add(new Segment(word, true));
                plainStart = end;
            }
            start = end;
        }
        if (plainStart < text.Length)
        {
            segments.Add(new Segment(text[plainStart..], false));
        }
        return segments;
    }

    // "tents" marks "Tent", "kettle" marks "Kettles": a shared stem of three letters or more.
    private static bool Matches(string word, string term) =>
        term.Length >= 2 && (word.StartsWith(term, StringComparison.OrdinalIgnoreCase)
            || (word.Length >= 3 && term.StartsWith(word, StringComparison.OrdinalIgnoreCase) && term.Length - word.Length <= 2));
}
