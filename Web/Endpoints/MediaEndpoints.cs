using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PeakShop.Infrastructure.Media;
using PeakShop.Web.Hosting;
using PeakShop.Web.Staff;

namespace PeakShop.Web.Endpoints;

/// <summary>What the upload API answers about an asset.</summary>
public sealed record MediaAssetView(long Id, string Hash, string FileName, string Kind, string ContentType, long Length,
    int Width, int Height, string Status, string? Error, DateTimeOffset UploadedAt, IReadOnlyList<string> Urls);

/// <summary>
/// Published media (<c>GET|HEAD /media/{hash}/{width}.{format}</c>, <c>/media/{hash}/original.pdf</c>: immutable,
/// for the CDN to pull) and the marketing upload API under <c>/admin/marketing/media</c>.
/// </summary>
public static class MediaEndpoints
{
    public const string AdminPath = "/admin/marketing/media";

    /// <summary>Headroom over <c>Media:MaxBytes</c> for the multipart envelope and the other fields.</summary>
    public const long FormOverhead = 64 * 1024;

    private const string Immutable = "public, max-age=31536000, immutable";
    private const string ShortMiss = "public, max-age=10";

    public static WebApplication MapShopMedia(this WebApplication app)
    {
        app.MapMethods("/media/{hash}/{file}", [HttpMethods.Get, HttpMethods.Head], ServeAsync);

        var maxBody = app.Services.GetRequiredService<IOptions<MediaOptions>>().Value.MaxBytes + FormOverhead;
        var admin = app.MapGroup(AdminPath).RequireAuthorization(AdminPolicies.Marketing);
        admin.MapPost("/api", UploadAsync).WithMetadata(new RequestSizeLimitAttribute(maxBody)).DisableAntiforgery();
        admin.MapPost("/{id:long}/unpublish", UnpublishAsync).DisableAntiforgery();
        admin.MapPost("/{id:long}/publish", PublishAsync).DisableAntiforgery();
        return app;
    }

    internal static async Task ServeAsync(string hash, string file, HttpContext http, MediaLibrary library, IMediaStore store, CancellationToken cancellationToken)
    {
        var response = http.Response;
        response.Headers.XContentTypeOptions = "nosniff";
        // A miss answers here, not through the HTML status pages.
        if (http.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }
        var asset = await library.FindPublishedAsync(hash, cancellationToken);
        var target = asset is null ? null : Resolve(asset, file);
        var content = target is null ? null : await store.GetAsync(target.Value.BlobHash, cancellationToken);
        if (asset is null || target is null || content is null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            response.Headers.CacheControl = ShortMiss;
            response.ContentType = "text/plain; charset=utf-8";
            if (HttpMethods.IsGet(http.Request.Method))
            {
                await response.WriteAsync("Not found.", cancellationToken);
            }
            return;
        }
        var etag = $"\"{target.Value.BlobHash}\"";
        response.Headers.CacheControl = Immutable;
        response.Headers.ETag = etag;
        if (asset.Kind == MediaKind.Document)
        {
            response.Headers.ContentDisposition = $"inline; filename=\"{AsciiName(asset.FileName)}\"";
            // Opened straight from our origin, a PDF's scripts and forms get no access to anything.
            response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:";
        }
        if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*")))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = target.Value.ContentType;
        response.ContentLength = content.Length;
        if (HttpMethods.IsGet(http.Request.Method))
        {
            await response.Body.WriteAsync(content, cancellationToken);
        }
    }

    /// <summary>The blob behind a file name of a Ready asset: a variant's <c>{width}.{format}</c>, or a document's <c>original.{extension}</c>.</summary>
    private static (string BlobHash, string ContentType)? Resolve(MediaAsset asset, string file)
    {
        var dot = file.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0)
        {
            return null;
        }
        var (name, extension) = (file[..dot], file[(dot + 1)..]);
        if (asset.Kind == MediaKind.Document)
        {
            // Image originals are not published: they may carry EXIF (GPS, camera) that the variants leave out.
            return name == "original" && extension == asset.Extension ? (asset.Hash, asset.ContentType) : null;
        }
        if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var width))
        {
            return null;
        }
        var variant = asset.Variants.FirstOrDefault(v => v.Width == width && v.Format == extension);
        return variant is null ? null : (variant.BlobHash, ContentTypeOf(variant.Format));
    }

    public static string ContentTypeOf(string format) => format switch
    {
        "webp" => "image/webp",
        "png" => "image/png",
        "jpg" => "image/jpeg",
        _ => "application/octet-stream",
    };

    internal static async Task<Results<Created<MediaAssetView>, Ok<MediaAssetView>, ProblemHttpResult>> UploadAsync(
        HttpContext http, MediaLibrary library, MediaUrls urls, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        if (await CheckAntiforgeryAsync(http, antiforgery) is { } refused)
        {
            return refused;
        }
        IFormFile? file;
        string? alt;
        try
        {
            var form = await http.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = library.Options.MaxBytes + FormOverhead }, cancellationToken);
            file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
            alt = form["alt"];
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            return TooLarge(library.Options.MaxBytes);
        }
        catch (InvalidOperationException)
        {
            return TypedResults.Problem("Send the file as multipart/form-data, in a field named 'file'.", statusCode: StatusCodes.Status400BadRequest,
                title: "The upload is not valid.");
        }
        if (file is null)
        {
            return TypedResults.Problem("No file was sent: add one in a field named 'file'.", statusCode: StatusCodes.Status400BadRequest,
                title: "The upload is not valid.");
        }
        if (file.Length > library.Options.MaxBytes)
        {
            return TooLarge(library.Options.MaxBytes);
        }
        var content = await ReadAsync(file, cancellationToken);
        var result = await library.UploadAsync(file.FileName, content, StaffActors.Of(http.User), alt, cancellationToken: cancellationToken);
        if (!result.Succeeded)
        {
            return TypedResults.Problem(result.Refusal, title: "The file was not accepted.",
                statusCode: result.TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest);
        }
        var view = View(result.Asset!, urls);
        return result.Created ? TypedResults.Created($"{AdminPath}/{view.Id}", view) : TypedResults.Ok(view);
    }

    internal static async Task<IResult> UnpublishAsync(long id, HttpContext http, MediaLibrary library, MediaUrls urls, IAntiforgery antiforgery,
        CancellationToken cancellationToken) =>
        await CheckAntiforgeryAsync(http, antiforgery) is { } refused
            ? refused
            : Answer(await FromPageAsync(http, cancellationToken), await library.UnpublishAsync(id, StaffActors.Of(http.User), cancellationToken), urls, "unpublished");

    internal static async Task<IResult> PublishAsync(long id, HttpContext http, MediaLibrary library, MediaUrls urls, IAntiforgery antiforgery,
        CancellationToken cancellationToken) =>
        await CheckAntiforgeryAsync(http, antiforgery) is { } refused
            ? refused
            : Answer(await FromPageAsync(http, cancellationToken), await library.RepublishAsync(id, StaffActors.Of(http.User), cancellationToken), urls, "published");

    /// <summary>JSON for scripts; for the library page's plain forms (no JavaScript), post/redirect/get back to the page.</summary>
    private static IResult Answer(bool fromPage, MediaPublishResult result, MediaUrls urls, string done)
    {
        if (result.NotFound)
        {
            return fromPage ? TypedResults.Redirect($"{AdminPath}?error=notfound") : TypedResults.Problem("No such media asset.", statusCode: StatusCodes.Status404NotFound);
        }
        if (fromPage)
        {
            return TypedResults.Redirect(string.Create(CultureInfo.InvariantCulture,
                $"{AdminPath}?done={done}&id={result.Asset!.Id}{(result.PurgeError is null ? "" : "&purge=failed")}"));
        }
        return TypedResults.Ok(new { asset = View(result.Asset!, urls), purgeError = result.PurgeError });
    }

    /// <summary>Whether the library page's own form sent this (it adds <c>return=page</c>).</summary>
    private static async Task<bool> FromPageAsync(HttpContext http, CancellationToken cancellationToken) =>
        http.Request.HasFormContentType && (await http.Request.ReadFormAsync(cancellationToken))["return"] == "page";

    private static async Task<ProblemHttpResult?> CheckAntiforgeryAsync(HttpContext http, IAntiforgery antiforgery)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(http);
            return null;
        }
        catch (AntiforgeryValidationException)
        {
            return TypedResults.Problem("The antiforgery token is missing or not valid: send the __RequestVerificationToken from the media page (form field or RequestVerificationToken header).",
                title: "The request was not accepted.", statusCode: StatusCodes.Status400BadRequest);
        }
        catch (InvalidDataException)
        {
            return TooLarge(http.RequestServices.GetRequiredService<IOptions<MediaOptions>>().Value.MaxBytes);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(http.RequestServices.GetRequiredService<IOptions<MediaOptions>>().Value.MaxBytes);
        }
    }

    private static ProblemHttpResult TooLarge(long maxBytes) => TypedResults.Problem(
        string.Create(CultureInfo.InvariantCulture, $"The file is larger than the limit of {maxBytes / 1024.0 / 1024.0:0.#} MB."),
        title: "The file was not accepted.", statusCode: StatusCodes.Status413PayloadTooLarge);

    public static async Task<byte[]> ReadAsync(IFormFile file, CancellationToken cancellationToken)
    {
        var content = new byte[file.Length];
        await using var stream = file.OpenReadStream();
        await stream.ReadExactlyAsync(content, cancellationToken);
        return content;
    }

    public static MediaAssetView View(MediaAsset asset, MediaUrls urls) => new(asset.Id, asset.Hash, asset.FileName, asset.Kind.ToString(),
        asset.ContentType, asset.Length, asset.Width, asset.Height, asset.Status.ToString(), asset.Error, asset.UploadedAt, urls.All(asset));

    private static string AsciiName(string name) =>
        new([.. name.Select(c => c is >= ' ' and < (char)127 and not '"' and not '\\' ? c : '_')]);
}
