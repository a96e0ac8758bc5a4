using System.Diagnostics.Metrics;

namespace PeakShop.Infrastructure.Data.Replicas;

/// <summary>Counts which database role served each command, and exposes the standby lag.</summary>
public sealed class DbMetrics
{
    public const string MeterName = "PeakShop.Data";
    private readonly Counter<long> _commands;

    public DbMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _commands = meter.CreateCounter<long>("peakshop.db.commands", unit: "{command}",
            description: "Database commands executed, by the role of the server that ran them.");
    }

    internal void CommandExecuted(DbRole role, string context) =>
        _commands.Add(1,
            new KeyValuePair<string, object?>("db.role", role == DbRole.Primary ? "primary" : "standby"),
            new KeyValuePair<string, object?>("db.context", context));

    internal static void RegisterLag(IMeterFactory meterFactory, Func<double> lagSeconds, Func<int> standbyUsable)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("peakshop.db.standby.lag", lagSeconds, unit: "s",
            description: "How far the standby's replay is behind the primary.");
        meter.CreateObservableGauge("peakshop.db.standby.usable", standbyUsable,
            description: "1 when reads may go to a standby, 0 when they fall back to the primary.");
    }
}
