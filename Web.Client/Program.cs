using Microsoft.AspNetCore.Components.WebAssembly.Hosting;

// WebAssembly islands for staff and marketing pages; shopper pages never load this.
var builder = WebAssemblyHostBuilder.CreateDefault(args);
await builder.Build().RunAsync();
