using System.Text.Json;

namespace PeakShop.Web.Client.Islands;

/// <summary>What an upload response means for the person who sent the file: stored, or refused and why.</summary>
public sealed record UploadOutcome(bool Stored, string Message)
{
    public static UploadOutcome From(int status, string body)
    {
        if (status is >= 200 and < 300)
        {
            return new UploadOutcome(true, "Uploaded. Its sizes are being made.");
        }
        if (status == 0)
        {
            return new UploadOutcome(false, "The upload did not reach the server. Check the connection and try again.");
        }
        return new UploadOutcome(false, ProblemMessage(body) ?? status switch
        {
            401 or 403 => "You are not allowed to upload files.",
            413 => "The file is too large.",
            _ => $"The upload failed ({status}). Try again.",
        });
    }

    /// <summary>The most specific message of a ProblemDetails body: a field error, else detail, else title.</summary>
    private static string? ProblemMessage(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in errors.EnumerateObject())
                {
                    if (field.Value.ValueKind == JsonValueKind.Array && field.Value.GetArrayLength() > 0)
                    {
                        return field.Value[0].GetString();
                    }
                }
            }
            foreach (var name in (string[])["detail", "title"])
            {
                if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    return value.GetString();
                }
            }
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
