using Bunit;
using PeakShop.Web.Client.Islands;

namespace PeakShop.Unit.Tests.Web.Client;

public sealed class MediaUploaderTests : BunitContext
{
    private const string Script = "Islands/MediaUploader.abc123.razor.js";
    private const string ScriptImported = "http://localhost/Islands/MediaUploader.abc123.razor.js";

    public MediaUploaderTests()
    {
        JSInterop.SetupModule(ScriptImported).Mode = JSRuntimeMode.Loose;
    }

    private IRenderedComponent<MediaUploader> RenderUploader() =>
        Render<MediaUploader>(p => p
            .Add(c => c.UploadUrl, "/admin/marketing/media/api")
            .Add(c => c.AntiforgeryToken, "token-1")
            .Add(c => c.AntiforgeryField, "__RequestVerificationToken")
            .Add(c => c.ScriptUrl, Script));

    [Fact]
    public void FirstRender_ImportsTheScriptByItsAbsoluteUrl()
    {
        var uploader = RenderUploader();

        var attach = JSInterop.VerifyInvoke("import").Arguments;
        Assert.Equal(ScriptImported, attach[0]);
        uploader.WaitForAssertion(() =>
            Assert.Equal("true", uploader.Find("[data-island=media-uploader]").GetAttribute("data-ready")),
            TimeSpan.FromSeconds(10)); // rendered after the import's await: more than bUnit's 1 s on a loaded machine
    }

    [Fact]
    public async Task Progress_ShowsPercentAndBytesSent()
    {
        var uploader = RenderUploader();

        await uploader.InvokeAsync(() => uploader.Instance.Queued(1, "hero.jpg", 4_194_304));
        await uploader.InvokeAsync(() => uploader.Instance.Progress(1, 1_048_576, 4_194_304));

        var item = uploader.Find("li[data-file='hero.jpg']");
        Assert.Equal("25", item.QuerySelector("progress")!.GetAttribute("value"));
        Assert.Equal("1.0 MB of 4.0 MB", item.QuerySelector(".message")!.TextContent);
        Assert.Empty(uploader.FindAll("button.refresh"));
    }

    [Fact]
    public async Task Refusal_ShowsTheServersMessageAsAnAlert()
    {
        var uploader = RenderUploader();
        const string problem = """{"title":"One or more validation errors occurred.","status":400,"errors":{"file":["This file is a Windows program, not an image or PDF."]}}""";

        await uploader.InvokeAsync(() => uploader.Instance.Queued(1, "photo.jpg", 1200));
        await uploader.InvokeAsync(() => uploader.Instance.Completed(1, 400, problem));

        var message = uploader.Find("li[data-file='photo.jpg'] .message");
        Assert.Equal("This file is a Windows program, not an image or PDF.", message.TextContent);
        Assert.Equal("alert", message.GetAttribute("role"));
        Assert.Contains("refused", uploader.Find("li[data-file='photo.jpg']").ClassList);
    }

    [Fact]
    public async Task LibraryLink_AppearsOnceEveryFileHasAnAnswer()
    {
        var uploader = RenderUploader();

        await uploader.InvokeAsync(() => uploader.Instance.Queued(1, "a.png", 10));
        await uploader.InvokeAsync(() => uploader.Instance.Queued(2, "b.png", 10));
        await uploader.InvokeAsync(() => uploader.Instance.Completed(1, 201, """{"hash":"ab"}"""));
        Assert.Empty(uploader.FindAll("button.refresh"));

        await uploader.InvokeAsync(() => uploader.Instance.Completed(2, 201, """{"hash":"cd"}"""));

        Assert.Single(uploader.FindAll("button.refresh"));
        Assert.All(uploader.FindAll("progress"), p => Assert.Equal("100", p.GetAttribute("value")));
    }

    [Theory]
    [InlineData(413, "", "The file is too large.")]
    [InlineData(0, "", "The upload did not reach the server. Check the connection and try again.")]
    [InlineData(403, "", "You are not allowed to upload files.")]
    [InlineData(400, """{"title":"Bad","detail":"The file is empty."}""", "The file is empty.")]
    [InlineData(500, "<html>oops</html>", "The upload failed (500). Try again.")]
    public void Outcome_ExplainsEveryAnswer(int status, string body, string expected)
    {
        var outcome = UploadOutcome.From(status, body);

        Assert.False(outcome.Stored);
        Assert.Equal(expected, outcome.Message);
    }
}
