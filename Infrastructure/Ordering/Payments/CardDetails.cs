namespace PeakShop.Infrastructure.Ordering.Payments;

/// <summary>Card details as typed at checkout. Never stored.</summary>
public sealed record CardDetails(string Number, string Expiry, string Cvc, string Holder);
