using Microsoft.AspNetCore.Components.Forms;

namespace PeakShop.Web.Components.Shared;

/// <summary>
/// The fields of one form in the order they render, kept on the form's <see cref="EditContext"/>: the
/// <see cref="ErrorSummary"/> at the top lists messages in this order (the model's declaration order is not the form's).
/// </summary>
public sealed class FieldOrder
{
    private readonly List<(FieldIdentifier Field, string Id)> _fields = [];

    /// <summary>Raised when a field is added, so a summary rendered above the fields renders again.</summary>
    public event Action? Changed;

    public IReadOnlyList<(FieldIdentifier Field, string Id)> Fields => _fields;

    public static FieldOrder Of(EditContext context)
    {
        if (!context.Properties.TryGetValue(typeof(FieldOrder), out var value))
        {
            value = new FieldOrder();
            context.Properties[typeof(FieldOrder)] = value;
        }
        return (FieldOrder)value;
    }

    public void Add(FieldIdentifier field, string id)
    {
        if (_fields.Any(f => f.Field.Equals(field)))
        {
            return;
        }
        _fields.Add((field, id));
        Changed?.Invoke();
    }

    /// <summary>The element id of a field's control: <c>Form.Email</c> in form <c>checkout</c> is <c>checkout-email</c>.</summary>
    public static string IdFor(string? form, FieldIdentifier field)
    {
        var name = field.FieldName.ToLowerInvariant();
        return string.IsNullOrEmpty(form) ? name : $"{form}-{name}";
    }

    /// <summary>The id of a field's error message, which the control's <c>aria-describedby</c> names.</summary>
    public static string ErrorIdFor(string id) => id + "-error";

    public static string HintIdFor(string id) => id + "-hint";
}
