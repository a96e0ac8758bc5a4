using System.Diagnostics;
using Npgsql;

namespace PeakShop.Integration.Tests;

/// <summary>The real servers that ./test.sh started, found through the environment it exports.</summary>
internal static class Platform
{
    public static string ShopConnectionString => Required("ConnectionStrings__Shop");

    public static string AdminConnectionString => Required("ConnectionStrings__Admin");

    /// <summary>A superuser connection to exactly one role: used to pause replay or create scratch databases.</summary>
    public static NpgsqlDataSource Admin(string targetSession, string database = "postgres") =>
        new NpgsqlDataSourceBuilder(AdminConnectionString)
        {
            ConnectionStringBuilder = { TargetSessionAttributes = targetSession, Pooling = false, Database = database },
        }.Build();

    /// <summary>A single-host connection string to the primary for the given database.</summary>
    public static string PrimaryConnectionString(string database)
    {
        var builder = new NpgsqlConnectionStringBuilder(ShopConnectionString);
        builder.Host = builder.Host!.Split(',')[0];
        builder.Database = database;
        builder.Pooling = false;
        return builder.ConnectionString;
    }

    /// <summary>Runs <c>deploy/local/platform.sh</c> on the same instance, e.g. <c>stop-standby</c>.</summary>
    public static async Task RunPlatformAsync(string command)
    {
        var script = Required("PEAKSHOP_PLATFORM");
        using var process = Process.Start(new ProcessStartInfo(script, command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"platform.sh {command} failed ({process.ExitCode}): {await output}{await error}");
        }
    }

    /// <summary>
    /// Stops (SIGSTOP) or resumes (SIGCONT) every process of a database server (<c>primary</c> or <c>standby</c>): it
    /// keeps its sockets open but answers nothing, the way a hung server or a network partition looks to a client.
    /// </summary>
    public static async Task SignalDatabaseAsync(string server, string signal)
    {
        var instance = Environment.GetEnvironmentVariable("PEAKSHOP_INSTANCE") ?? "test";
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Required("PEAKSHOP_PLATFORM"))!, "..", ".."));
        var pidFile = Path.Combine(root, ".local", instance, "pg", server, "postmaster.pid");
        var postmaster = (await File.ReadAllLinesAsync(pidFile))[0].Trim();
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", $"kill -{signal} {postmaster} $(pgrep -P {postmaster})"]))!;
        await process.WaitForExitAsync();
    }

    /// <summary>
    /// Sends a signal to the SMTP server's whole process group (<c>STOP</c>: it accepts connections in the
    /// kernel but never answers, like a hung server; <c>CONT</c>: it carries on).
    /// </summary>
    public static async Task SignalSmtpAsync(string signal)
    {
        var instance = Environment.GetEnvironmentVariable("PEAKSHOP_INSTANCE") ?? "test";
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Required("PEAKSHOP_PLATFORM"))!, "..", ".."));
        var launcher = (await File.ReadAllTextAsync(Path.Combine(root, ".local", instance, "smtp", "smtp4dev.pid"))).Trim();
        // Started with setsid: the launcher leads the group, and the server is in it.
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", $"kill -{signal} -{launcher}"]))!;
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
    }

    public static async Task CreateDatabaseAsync(string name)
    {
        await using var admin = Admin("primary");
        await admin.CreateCommand($"create database \"{name}\" owner peakshop").ExecuteNonQueryAsync();
    }

    public static async Task DropDatabaseAsync(string name)
    {
        await using var admin = Admin("primary");
        await admin.CreateCommand($"drop database if exists \"{name}\" with (force)").ExecuteNonQueryAsync();
    }

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the tests through ./test.sh, which starts the platform.");
}
