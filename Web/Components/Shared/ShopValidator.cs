using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Rendering;
using PeakShop.Infrastructure.Validation;

namespace PeakShop.Web.Components.Shared;

/// <summary>
/// Every form's validator: the model's DataAnnotations plus the shop's text rules on every string property (nested
/// objects and lists included): clean text (<see cref="ShopText"/>) and a length bound, <see cref="DefaultMaxLength"/>
/// where the property names none. Static forms also pass the request edge (<c>InputGuard</c>); Interactive Server
/// editors receive their values over the circuit, so this is where their bad text becomes a message instead of an
/// exception that would end the circuit.
/// </summary>
public sealed class ShopValidator : ComponentBase, IDisposable
{
    public const int DefaultMaxLength = 4000;

    private ValidationMessageStore? _messages;
    private EditContext? _context;

    [CascadingParameter] private EditContext? CurrentEditContext { get; set; }

    protected override void OnParametersSet()
    {
        if (CurrentEditContext is null)
        {
            throw new InvalidOperationException($"{nameof(ShopValidator)} must be inside an EditForm.");
        }
        if (!ReferenceEquals(CurrentEditContext, _context))
        {
            Detach();
            _context = CurrentEditContext;
            _messages = new ValidationMessageStore(_context);
            _context.OnValidationRequested += OnValidationRequested;
            _context.OnFieldChanged += OnFieldChanged;
        }
    }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenComponent<DataAnnotationsValidator>(0);
        builder.CloseComponent();
    }

    private void OnValidationRequested(object? sender, ValidationRequestedEventArgs e)
    {
        _messages!.Clear();
        foreach (var (field, message) in Problems(_context!.Model))
        {
            _messages.Add(field, message);
        }
    }

    private void OnFieldChanged(object? sender, FieldChangedEventArgs e)
    {
        _messages!.Clear(e.FieldIdentifier);
        var property = e.FieldIdentifier.Model.GetType().GetProperty(e.FieldIdentifier.FieldName);
        if (property is not null && Problem(property, e.FieldIdentifier.Model) is { } message)
        {
            _messages.Add(e.FieldIdentifier, message);
        }
        _context!.NotifyValidationStateChanged();
    }

    /// <summary>Each string property of the model (and of the objects it holds) that breaks a text rule, with its message.</summary>
    public static IEnumerable<(FieldIdentifier Field, string Message)> Problems(object model, int depth = 0)
    {
        if (depth > 4)
        {
            yield break;
        }
        foreach (var property in model.GetType().GetProperties(BindingFlags.Instance | BindingFlags.Public))
        {
            if (property.GetIndexParameters().Length > 0 || !property.CanRead)
            {
                continue;
            }
            if (property.PropertyType == typeof(string))
            {
                if (Problem(property, model) is { } message)
                {
                    yield return (new FieldIdentifier(model, property.Name), message);
                }
            }
            else if (property.PropertyType != typeof(byte[]) && typeof(IEnumerable).IsAssignableFrom(property.PropertyType)
                && property.GetValue(model) is IEnumerable items)
            {
                foreach (var item in items)
                {
                    if (item is not null && item is not string && !item.GetType().IsValueType)
                    {
                        foreach (var problem in Problems(item, depth + 1))
                        {
                            yield return problem;
                        }
                    }
                }
            }
        }
    }

    private static string? Problem(PropertyInfo property, object model)
    {
        if (property.PropertyType != typeof(string) || property.GetValue(model) is not string text)
        {
            return null;
        }
        if (!ShopText.IsClean(text))
        {
            return ShopText.InvalidMessage;
        }
        // [StringLength] and [MaxLength] give their own message through DataAnnotations.
        var declared = property.GetCustomAttribute<StringLengthAttribute>() is not null || property.GetCustomAttribute<MaxLengthAttribute>() is not null;
        return !declared && text.Length > DefaultMaxLength
            ? "This field can be at most 4,000 characters."
            : null;
    }

    private void Detach()
    {
        if (_context is not null)
        {
            _context.OnValidationRequested -= OnValidationRequested;
            _context.OnFieldChanged -= OnFieldChanged;
        }
    }

    public void Dispose() => Detach();
}
