namespace PeakShop.Infrastructure.Ordering.Admin;

public sealed record OrderHistoryRow(DateTimeOffset At, OrderStatus? From, OrderStatus To, string? ActorEmail, string? Note);
