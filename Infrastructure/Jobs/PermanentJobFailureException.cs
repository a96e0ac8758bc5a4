namespace PeakShop.Infrastructure.Jobs;

/// <summary>
/// A job that can never succeed as it is (an invalid e-mail address): it fails at once, with this
/// message as the reason on the dashboard, instead of being retried.
/// </summary>
public sealed class PermanentJobFailureException(string message) : Exception(message);
