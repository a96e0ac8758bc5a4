using System.ComponentModel;

namespace PeakShop.Infrastructure.Catalog;

// Cached as data, never HTML; immutable, so HybridCache hands out its L1 instance without copying.
[ImmutableObject(true)]
public sealed record CategoryTree(IReadOnlyList<CategoryNode> All)
{
    public CategoryNode? Find(string slug) => All.FirstOrDefault(c => c.Slug == slug);

    public IEnumerable<CategoryNode> Children(int id) => All.Where(c => c.ParentId == id).OrderBy(c => c.SortOrder);

    public IEnumerable<CategoryNode> Roots => All.Where(c => c.ParentId is null).OrderBy(c => c.SortOrder);

    /// <summary>The category and every category below it.</summary>
    public IReadOnlyList<int> SelfAndDescendants(int id)
    {
        var result = new List<int> { id };
        for (var i = 0; i < result.Count; i++)
        {
            result.AddRange(All.Where(c => c.ParentId == result[i]).Select(c => c.Id));
        }
        return result;
    }

    /// <summary>From the root down to the category itself.</summary>
    public IReadOnlyList<CategoryNode> Path(int id)
    {
        var path = new List<CategoryNode>();
        for (var node = All.FirstOrDefault(c => c.Id == id); node is not null && path.Count < 32;
             node = node.ParentId is { } parent ? All.FirstOrDefault(c => c.Id == parent) : null)
        {
            path.Insert(0, node);
        }
        return path;
    }
}
