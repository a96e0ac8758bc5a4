using System.Reflection;

namespace PeakShop.Web.Client;

/// <summary>
/// This assembly, as Web names it: its Razor component endpoints and its router include it, so the WebAssembly
/// islands here (the media library's uploader) are components the server knows.
/// </summary>
public static class WebClientAssembly
{
    public static Assembly Assembly => typeof(WebClientAssembly).Assembly;
}
