namespace PeakShop.Web.Api;

/// <summary>Where the API lives; the pipeline answers these paths with problem details instead of pages.</summary>
public static class ApiPaths
{
    public const string Root = "/api";
    public const string V1 = "/api/v1";

    public static bool IsApi(PathString path) => path.StartsWithSegments(Root);
}
