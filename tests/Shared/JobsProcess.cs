using System.Diagnostics;
using Npgsql;
using Xunit.Abstractions;

namespace PeakShop.Testing;

/// <summary>The real Jobs process (<c>PeakShop.Jobs.dll run</c>) with the platform's environment.</summary>
public sealed class JobsProcess : IAsyncDisposable
{
    private readonly Process _process;

    private JobsProcess(Process process) => _process = process;

    public static async Task<JobsProcess> StartAsync(IReadOnlyDictionary<string, string> settings, ITestOutputHelper? output)
    {
        var root = TestPaths.RepositoryRoot();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(root, "artifacts", "bin", "Jobs", "debug", "PeakShop.Jobs.dll"), "run"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        // Required by the worker (its sitemap's links); a test's own settings may replace it.
        start.Environment["Shop__PublicBaseUrl"] = "http://127.0.0.1:8080";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { Echo(output, $"[jobs {process.Id}] {e.Data}"); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Echo(output, $"[jobs {process.Id}] {e.Data}"); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var jobs = new JobsProcess(process);
        // Started when its Hangfire server has announced itself (server ids are host:pid:guid).
        await using var admin = new NpgsqlDataSourceBuilder(Environment.GetEnvironmentVariable("ConnectionStrings__Admin"))
        {
            ConnectionStringBuilder = { TargetSessionAttributes = "primary", Pooling = false, Database = "peakshop" },
        }.Build();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((int)(await admin.CreateCommand($"select count(*)::int from hangfire.server where id like '%:{process.Id}:%'").ExecuteScalarAsync())! == 0)
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await jobs.DisposeAsync();
                throw new InvalidOperationException("the Jobs process did not start its Hangfire server");
            }
            await Task.Delay(100);
        }
        return jobs;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// SIGTERM (what Kubernetes and ./run.sh send) and waits up to <paramref name="timeout"/> for the process to
    /// exit; returns how long it took.
    /// </summary>
    public async Task<TimeSpan> TerminateAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!)
        {
            await kill.WaitForExitAsync();
            if (kill.ExitCode != 0)
            {
                throw new InvalidOperationException($"kill -TERM {_process.Id} failed");
            }
        }
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return clock.Elapsed;
    }

    /// <summary>SIGKILL: no shutdown, no requeue, nothing saved.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private static void Echo(ITestOutputHelper? output, string line)
    {
        try
        {
            output?.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test has finished; its output helper no longer takes lines.
        }
    }
}
