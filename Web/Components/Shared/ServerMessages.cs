using Microsoft.AspNetCore.Components.Forms;

namespace PeakShop.Web.Components.Shared;

/// <summary>
/// What only the server can tell about a field (a declined card, Identity's password rules), shown under that field
/// and in the error summary like any validation message. One per form render: static pages get a new one per post.
/// </summary>
public sealed class ServerMessages(EditContext context)
{
    private readonly ValidationMessageStore _store = new(context);

    public void Add(string field, params IEnumerable<string> messages)
    {
        var identifier = context.Field(field);
        foreach (var message in messages)
        {
            _store.Add(identifier, message);
        }
        context.NotifyValidationStateChanged();
    }
}
