using System.ComponentModel;

namespace PeakShop.Infrastructure.Catalog;

/// <summary>The words that occur in product names, with how often: what a misspelt word is corrected to.</summary>
[ImmutableObject(true)]
public sealed record Vocabulary(IReadOnlyDictionary<string, int> Words)
{
    /// <summary>Lower-case words of a query, letters and digits only.</summary>
    public static IReadOnlyList<string> Terms(string query) =>
        new string(query.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : ' ').ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Take(8)
            .ToList();

    /// <summary>Every unknown word replaced by the closest known one (ties: the more frequent).</summary>
    public string Correct(string query)
    {
        var terms = Terms(query);
        return string.Join(' ', terms.Select(t => Words.ContainsKey(t) ? t : Closest(t, MaxDistance(t)).FirstOrDefault() ?? t));
    }

    /// <summary>Alternative queries for "did you mean", allowing a looser match than <see cref="Correct"/>.</summary>
    public IReadOnlyList<string> Suggest(string query, int count)
    {
        var terms = Terms(query);
        if (terms.Count == 0)
        {
            return [];
        }
        var options = terms.Select(t => Words.ContainsKey(t) ? [t] : Closest(t, MaxDistance(t) + 1).Take(count).ToList()).ToList();
        if (options.Any(o => o.Count == 0))
        {
            // Drop words with no near neighbour rather than suggesting nothing at all.
            options = options.Where(o => o.Count > 0).ToList();
        }
        if (options.Count == 0)
        {
            return [];
        }
        var suggestions = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var suggestion = string.Join(' ', options.Select(o => o[Math.Min(i, o.Count - 1)]));
            if (!suggestions.Contains(suggestion) && suggestion != string.Join(' ', terms))
            {
                suggestions.Add(suggestion);
            }
        }
        return suggestions;
    }

    private static int MaxDistance(string term) => term.Length <= 3 ? 0 : term.Length <= 5 ? 1 : 2;

    private IEnumerable<string> Closest(string term, int maxDistance) =>
        maxDistance == 0
            ? []
            : Words
                .Where(w => Math.Abs(w.Key.Length - term.Length) <= maxDistance)
                .Select(w => (Word: w.Key, w.Value, Distance: Distance(term, w.Key)))
                .Where(w => w.Distance <= maxDistance)
                .OrderBy(w => w.Distance).ThenByDescending(w => w.Value).ThenBy(w => w.Word, StringComparer.Ordinal)
                .Select(w => w.Word);

    /// <summary>Optimal string alignment distance: insert, delete, substitute, swap two neighbours.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}
