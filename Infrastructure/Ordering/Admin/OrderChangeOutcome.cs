namespace PeakShop.Infrastructure.Ordering.Admin;

public enum OrderChangeOutcome
{
    Done,
    NotFound,
    /// <summary>The input is not valid (e.g. no tracking number); nothing was changed.</summary>
    Invalid,
    /// <summary>The order's status does not allow this move; nothing was changed.</summary>
    Refused,
    /// <summary>Someone changed the order since the caller loaded it; nothing was changed.</summary>
    Conflict,
    /// <summary>The payment provider refused the void or refund; nothing was changed.</summary>
    PaymentFailed,
}
