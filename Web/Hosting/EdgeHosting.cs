namespace PeakShop.Web.Hosting;

/// <summary>What the shop trusts from the network edge: its own public URL, not the Host header; operators' endpoints on their own port.</summary>
public static class EdgeHosting
{
    public static WebApplicationBuilder AddShopEdge(this WebApplicationBuilder builder)
    {
        PublicUrls.Register(builder);
        builder.AddShopManagementPort();
        return builder;
    }
}
