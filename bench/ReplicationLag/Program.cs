using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;

namespace PeakShop.Bench.ReplicationLag;

/// <summary>
/// Measures how long a row committed on the primary takes to become visible on the streaming standby,
/// idle and under a concurrent single-row INSERT load. Prints markdown tables to stdout; progress goes to stderr.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            await Console.Error.WriteLineAsync(BenchOptions.Usage);
            return 2;
        }
        if (options.Help)
        {
            Console.WriteLine(BenchOptions.Usage);
            return 0;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        try
        {
            Console.Write(await new LagBenchmark(options).RunAsync(cancel.Token));
            return 0;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("cancelled");
            return 130;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
    }
}

internal sealed partial class BenchOptions
{
    public const string Usage = """
        Usage: dotnet run -c Release --project bench/ReplicationLag -- [options]

          --duration S        measured seconds per load level (default 20)
          --idle-duration S   measured seconds of the idle baseline (default: --duration)
          --warmup S          unmeasured seconds before each level (default 2)
          --writers N[@R],... load levels: N concurrent writer connections, optionally throttled to
                              R commits/s in total (default 4); e.g. 4@500,4,16
          --rate R            R for levels without @R, 0 = unthrottled (default 0)
          --no-idle           skip the idle baseline (0 writers)
          --probe-gap-ms G    pause between probes, uniformly random in [0, 2G] ms (default 5)
          --poll-sleep-ms M   sleep between two polls of one probe, 0 = poll tight (default 0)
          --payload-bytes B   payload size of a writer row (default 100)
          --sample-timeout S  give up when one probe is not visible after S seconds (default 30)
          --table NAME        scratch table, dropped and re-created (default bench_lag)
          --primary CS        primary connection string  } default: the two hosts of the env var
          --standby CS        standby connection string  } ConnectionStrings__Shop (first primary, second standby)
          --raw FILE          also write every sample as CSV (level,method,lag_us,received_us,polls)
        """;

    public double DurationSeconds { get; private set; } = 20;
    public double? IdleDurationSeconds { get; private set; }
    public double WarmupSeconds { get; private set; } = 2;
    public IReadOnlyList<(int Writers, double? Rate)> Levels { get; private set; } = [(4, null)];
    public double Rate { get; private set; }
    public bool Idle { get; private set; } = true;
    public double ProbeGapMs { get; private set; } = 5;
    public int PollSleepMs { get; private set; }
    public int PayloadBytes { get; private set; } = 100;
    public double SampleTimeoutSeconds { get; private set; } = 30;
    public string Table { get; private set; } = "bench_lag";
    public string? Primary { get; private set; }
    public string? Standby { get; private set; }
    public string? RawFile { get; private set; }
    public bool Help { get; private set; }

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value");
            double Number(double min) =>
                double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= min
                    ? v
                    : throw new ArgumentException($"{name} needs a number >= {min}");
            switch (name)
            {
                case "--duration": o.DurationSeconds = Number(0.1); break;
                case "--idle-duration": o.IdleDurationSeconds = Number(0.1); break;
                case "--warmup": o.WarmupSeconds = Number(0); break;
                case "--rate": o.Rate = Number(0); break;
                case "--probe-gap-ms": o.ProbeGapMs = Number(0); break;
                case "--poll-sleep-ms": o.PollSleepMs = (int)Number(0); break;
                case "--payload-bytes": o.PayloadBytes = (int)Number(1); break;
                case "--sample-timeout": o.SampleTimeoutSeconds = Number(0.1); break;
                case "--no-idle": o.Idle = false; break;
                case "--primary": o.Primary = Value(); break;
                case "--standby": o.Standby = Value(); break;
                case "--raw": o.RawFile = Value(); break;
                case "--writers":
                    o.Levels = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseLevel)];
                    break;
                case "--table":
                    o.Table = Value();
                    if (!TableName().IsMatch(o.Table))
                    {
                        throw new ArgumentException("--table must match [a-z_][a-z0-9_]{0,62}");
                    }
                    break;
                case "-h" or "--help": o.Help = true; break;
                default: throw new ArgumentException($"unknown option {name}");
            }
        }
        return o;
    }

    private static (int Writers, double? Rate) ParseLevel(string level)
    {
        var parts = level.Split('@');
        if (parts.Length <= 2
            && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var writers) && writers is >= 0 and <= 1000)
        {
            if (parts.Length == 1)
            {
                return (writers, null);
            }
            if (double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate >= 0)
            {
                return (writers, rate);
            }
        }
        throw new ArgumentException($"--writers: '{level}' is not N or N@R (N in 0..1000, R >= 0)");
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex TableName();
}

internal sealed record LevelResult(
    string Label,
    int Writers,
    TimeSpan Measured,
    long WriterCommits,
    double MeanCommitMs,
    double WalBytesPerSecond,
    CpuUsage Cpu,
    ProbeResult Probes);

/// <summary>
/// CPU use over a level as percent of the machine's capacity (all CPUs = 100), from /proc (NaN where unavailable):
/// machine-wide busy, this process, the PostgreSQL processes of the two servers, and CPU pressure
/// (share of time some runnable task waited for a CPU).
/// </summary>
internal sealed record CpuUsage(double BusyPercent, double ClientPercent, double PostgresPercent, double PressurePercent)
{
    public static CpuUsage Between(CpuSnapshot start, CpuSnapshot end, TimeSpan elapsed)
    {
        var total = (double)(end.Total - start.Total);
        if (total <= 0)
        {
            return new(double.NaN, double.NaN, double.NaN, double.NaN);
        }
        // Processes that started during the level count in full; ones that exited during it are missed.
        var postgres = end.Postgres.Count == 0
            ? double.NaN
            : 100 * end.Postgres.Sum(p => p.Value - start.Postgres.GetValueOrDefault(p.Key)) / total;
        return new(
            100 * (end.Busy - start.Busy) / total,
            100 * (end.Client - start.Client) / total,
            postgres,
            start.PressureMicros is { } p0 && end.PressureMicros is { } p1 ? 100 * (p1 - p0) / elapsed.TotalMicroseconds : double.NaN);
    }
}

/// <summary>CPU counters in clock ticks (USER_HZ, 100/s on Linux) summed over all CPUs.</summary>
internal sealed record CpuSnapshot(long Busy, long Total, long Client, Dictionary<int, long> Postgres, long? PressureMicros)
{
    private const long UserHz = 100;

    /// <summary>CPUs of the machine (not only those this process may run on).</summary>
    public static int MachineCpus()
    {
        try
        {
            var count = File.ReadLines("/proc/stat").Count(l => l.Length > 3 && l.StartsWith("cpu", StringComparison.Ordinal) && char.IsAsciiDigit(l[3]));
            return count > 0 ? count : Environment.ProcessorCount;
        }
        catch (IOException)
        {
            return Environment.ProcessorCount;
        }
    }

    /// <param name="processTitles">process title prefixes of the PostgreSQL servers, e.g. "postgres: peakshop-bench-primary:"</param>
    public static CpuSnapshot Take(IReadOnlyList<string> processTitles)
    {
        long busy = 0, total = 0;
        long? pressure = null;
        var postgres = new Dictionary<int, long>();
        var client = (long)(Environment.CpuUsage.TotalTime.TotalSeconds * UserHz);
        try
        {
            // cpu  user nice system idle iowait irq softirq steal ...
            var fields = File.ReadLines("/proc/stat").First()
                .Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            total = fields.Sum();
            busy = total - fields[3] - fields[4];
            if (processTitles.Count > 0)
            {
                foreach (var dir in Directory.EnumerateDirectories("/proc"))
                {
                    if (int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid) && PostgresTicks(dir, processTitles) is { } ticks)
                    {
                        postgres[pid] = ticks;
                    }
                }
            }
            // some avg10=.. avg60=.. avg300=.. total=<microseconds>
            var some = File.ReadLines("/proc/pressure/cpu").First(l => l.StartsWith("some", StringComparison.Ordinal));
            pressure = long.Parse(some[(some.LastIndexOf('=') + 1)..], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            // not Linux, or no PSI: report what we got
        }
        return new(busy, total, client, postgres, pressure);
    }

    /// <summary>utime + stime of a process whose title starts with one of the prefixes, else null.</summary>
    private static long? PostgresTicks(string procDir, IReadOnlyList<string> processTitles)
    {
        try
        {
            var title = File.ReadAllText(Path.Combine(procDir, "cmdline"));
            if (!processTitles.Any(t => title.StartsWith(t, StringComparison.Ordinal)))
            {
                return null;
            }
            var stat = File.ReadAllText(Path.Combine(procDir, "stat"));
            // pid (comm) state ppid ... field 14 utime, 15 stime; comm may contain spaces, so count after ')'
            var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null; // exited meanwhile
        }
    }
}

/// <summary>One probe.</summary>
/// <param name="ByLsn">detected by replay LSN (else by the marker row)</param>
/// <param name="Lag">commit returned on the primary -> visible on the standby</param>
/// <param name="Received">LSN probes only: commit returned -> on the standby's disk (pg_last_wal_receive_lsn), before replay</param>
/// <param name="Polls">standby polls it took</param>
/// <param name="PollTime">time from the first poll to the last poll's answer</param>
internal sealed record Sample(bool ByLsn, TimeSpan Lag, TimeSpan? Received, int Polls, TimeSpan PollTime);

internal sealed record ProbeResult(IReadOnlyList<Sample> Samples);

/// <summary>Commit count and total commit time of all writers of a level.</summary>
internal sealed class WriteCounter
{
    private long _commits;
    private long _ticks;

    public void Add(long elapsedTicks)
    {
        Interlocked.Add(ref _ticks, elapsedTicks);
        Interlocked.Increment(ref _commits);
    }

    public (long Commits, long Ticks) Snapshot() => (Interlocked.Read(ref _commits), Interlocked.Read(ref _ticks));
}

internal sealed class LagBenchmark(BenchOptions options)
{
    private static readonly TimeSpan CatchUpTimeout = TimeSpan.FromSeconds(120);
    private readonly BenchOptions _options = options;
    private readonly string _table = options.Table;
    private readonly List<string> _postgresTitles = [];

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var (primaryCs, standbyCs) = ResolveConnectionStrings();
        await using var primary = NpgsqlDataSource.Create(primaryCs);
        await using var standby = NpgsqlDataSource.Create(standbyCs);

        var primaryInRecovery = await ScalarAsync<bool>(primary, "select pg_is_in_recovery()", cancellationToken);
        var standbyInRecovery = await ScalarAsync<bool>(standby, "select pg_is_in_recovery()", cancellationToken);
        if (primaryInRecovery || !standbyInRecovery)
        {
            throw new InvalidOperationException(
                $"expected a primary then a standby, got in_recovery={primaryInRecovery} for {Describe(primaryCs)} " +
                $"and in_recovery={standbyInRecovery} for {Describe(standbyCs)}");
        }

        foreach (var source in new[] { primary, standby })
        {
            // Our servers' processes, for the CPU columns (only found when the servers run on this machine).
            if (await ScalarAsync<string>(source, "select current_setting('cluster_name')", cancellationToken) is { Length: > 0 } cluster)
            {
                _postgresTitles.Add($"postgres: {cluster}:");
            }
        }
        var header = await DescribeSetupAsync(primary, standby, primaryCs, standbyCs, cancellationToken);
        Log($"primary {Describe(primaryCs)}, standby {Describe(standbyCs)}");

        await ExecuteAsync(primary,
            $"drop table if exists {_table}; " +
            $"create table {_table} (id bigserial primary key, written_at timestamptz not null default clock_timestamp(), payload text not null)",
            cancellationToken);
        var results = new List<LevelResult>();
        StreamWriter? raw = null;
        try
        {
            await WaitForStandbyAsync(primary, standby, cancellationToken);
            if (_options.RawFile is { } rawFile)
            {
                raw = new StreamWriter(rawFile, append: false, Encoding.UTF8);
                await raw.WriteLineAsync("level,method,lag_us,received_us,polls");
            }
            var levels = (_options.Idle ? [(0, null)] : Array.Empty<(int Writers, double? Rate)>())
                .Concat(_options.Levels.Where(l => l.Writers > 0 || !_options.Idle));
            foreach (var (writers, rate) in levels)
            {
                var result = await RunLevelAsync(primary, standby, writers, rate ?? _options.Rate, cancellationToken);
                results.Add(result);
                if (raw is not null)
                {
                    foreach (var s in result.Probes.Samples)
                    {
                        await raw.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                            $"\"{result.Label}\",{(s.ByLsn ? "replay_lsn" : "row")},{s.Lag.TotalMicroseconds:0},{s.Received?.TotalMicroseconds:0},{s.Polls}"));
                    }
                }
            }
        }
        finally
        {
            if (raw is not null)
            {
                await raw.DisposeAsync();
            }
            try
            {
                await ExecuteAsync(primary, $"drop table if exists {_table}", CancellationToken.None);
                Log($"dropped table {_table}");
            }
            catch (NpgsqlException ex)
            {
                Log($"could not drop table {_table}: {ex.Message}");
            }
        }
        return header + Render(results);
    }

    private async Task<LevelResult> RunLevelAsync(NpgsqlDataSource primary, NpgsqlDataSource standby, int writers, double rate, CancellationToken cancellationToken)
    {
        var label = writers == 0
            ? "idle"
            : rate > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{writers} writers @ {rate:0} commits/s")
                : $"{writers} writers, unthrottled";
        var duration = TimeSpan.FromSeconds(writers == 0 ? _options.IdleDurationSeconds ?? _options.DurationSeconds : _options.DurationSeconds);
        var warmup = TimeSpan.FromSeconds(_options.WarmupSeconds);
        await WaitForStandbyAsync(primary, standby, cancellationToken);
        Log($"level '{label}': {warmup.TotalSeconds:0.#} s warm-up + {duration.TotalSeconds:0.#} s measured");

        var counter = new WriteCounter();
        using var stopWriters = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var payload = new string('x', _options.PayloadBytes);
        var perWriterRate = rate > 0 && writers > 0 ? rate / writers : 0;
        var writerTasks = Enumerable.Range(0, writers)
            .Select(_ => Task.Run(() => WriteAsync(primary, payload, perWriterRate, counter, stopWriters.Token), CancellationToken.None))
            .ToArray();
        try
        {
            var prober = StartProber(primary, standby, warmup, duration, cancellationToken);
            await Task.WhenAny(Task.Delay(warmup, cancellationToken), prober);
            var (commits0, ticks0) = counter.Snapshot();
            var wal0 = await ScalarAsync<NpgsqlLogSequenceNumber>(primary, "select pg_current_wal_lsn()", cancellationToken);
            var cpu0 = CpuSnapshot.Take(_postgresTitles);
            var clock = Stopwatch.StartNew();

            // Writers only finish early when they fail: surface that instead of measuring on.
            var writerFailed = writerTasks.Length == 0 ? Task.Delay(Timeout.Infinite, cancellationToken) : Task.WhenAny(writerTasks).Unwrap();
            if (await Task.WhenAny(prober, writerFailed) != prober)
            {
                await writerFailed;
            }
            var probes = await prober;

            var measured = clock.Elapsed;
            var cpu1 = CpuSnapshot.Take(_postgresTitles);
            var (commits1, ticks1) = counter.Snapshot();
            var wal1 = await ScalarAsync<NpgsqlLogSequenceNumber>(primary, "select pg_current_wal_lsn()", cancellationToken);
            var commits = commits1 - commits0;
            var result = new LevelResult(
                label,
                writers,
                measured,
                commits,
                commits == 0 ? 0 : (ticks1 - ticks0) * 1000.0 / Stopwatch.Frequency / commits,
                ((ulong)wal1 - (ulong)wal0) / measured.TotalSeconds,
                CpuUsage.Between(cpu0, cpu1, measured),
                probes);
            Log(string.Create(CultureInfo.InvariantCulture,
                $"level '{label}': {commits / measured.TotalSeconds:0} writer commits/s, {probes.Samples.Count} probe samples"));
            return result;
        }
        finally
        {
            await stopWriters.CancelAsync();
            await Task.WhenAll(writerTasks.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        }
    }

    /// <summary>One writer: single-row INSERTs in autocommit mode, each its own transaction.</summary>
    private async Task WriteAsync(NpgsqlDataSource primary, string payload, double rate, WriteCounter counter, CancellationToken stop)
    {
        await using var connection = await primary.OpenConnectionAsync(stop);
        await using var insert = new NpgsqlCommand($"insert into {_table} (payload) values ($1)", connection);
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = payload });
        await insert.PrepareAsync(stop);

        var interval = rate > 0 ? Stopwatch.Frequency / rate : 0;
        var next = Stopwatch.GetTimestamp() + (Random.Shared.NextDouble() * interval);
        while (!stop.IsCancellationRequested)
        {
            if (interval > 0)
            {
                next += interval;
                var wait = next - Stopwatch.GetTimestamp();
                if (wait > Stopwatch.Frequency / 1000.0)
                {
                    try
                    {
                        await Task.Delay(TimeSpan.FromSeconds(wait / Stopwatch.Frequency), stop);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
                else if (wait < -Stopwatch.Frequency)
                {
                    next = Stopwatch.GetTimestamp(); // more than 1 s behind: don't try to catch up in a burst
                }
            }
            var started = Stopwatch.GetTimestamp();
            await insert.ExecuteNonQueryAsync(CancellationToken.None); // never cancel mid-commit
            counter.Add(Stopwatch.GetTimestamp() - started);
        }
    }

    /// <summary>The prober runs on its own thread with synchronous I/O, so the writers' thread-pool work can't delay its polls.</summary>
    private Task<ProbeResult> StartProber(NpgsqlDataSource primary, NpgsqlDataSource standby, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<ProbeResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                done.SetResult(Probe(primary, standby, warmup, duration, cancellationToken));
            }
#pragma warning disable CA1031 // handed to the awaiting task
            catch (Exception ex)
#pragma warning restore CA1031
            {
                done.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "lag-prober",
        };
        thread.Start();
        return done.Task;
    }

    /// <summary>
    /// Commits a marker row on the primary, then polls the standby (tight unless --poll-sleep-ms) until the commit is visible.
    /// Probes alternate between two ways of detecting visibility:
    /// replay LSN (pg_current_wal_lsn() read after the commit, then pg_last_wal_replay_lsn() on the standby until it passes;
    /// the same poll also notes when pg_last_wal_receive_lsn() passed it, i.e. the WAL was on the standby's disk)
    /// and the marker row itself (select 1 ... where id = $1 on the standby until it returns a row).
    /// </summary>
    private ProbeResult Probe(NpgsqlDataSource primarySource, NpgsqlDataSource standbySource, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var primary = primarySource.OpenConnection();
        using var standby = standbySource.OpenConnection();
        using var insert = new NpgsqlCommand($"insert into {_table} (payload) values ('probe') returning id", primary);
        using var currentLsn = new NpgsqlCommand("select pg_current_wal_lsn()", primary);
        using var replayLsn = new NpgsqlCommand("select pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()", standby);
        using var rowVisible = new NpgsqlCommand($"select 1 from {_table} where id = $1", standby);
        var id = new NpgsqlParameter<long> { TypedValue = 0 };
        rowVisible.Parameters.Add(id);
        insert.Prepare();
        currentLsn.Prepare();
        replayLsn.Prepare();
        rowVisible.Prepare();

        var timeout = (long)(_options.SampleTimeoutSeconds * Stopwatch.Frequency);
        var recordFrom = Stopwatch.GetTimestamp() + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var deadline = recordFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var samples = new List<Sample>();
        var byLsn = false;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            byLsn = !byLsn;

            id.TypedValue = (long)insert.ExecuteScalar()!;
            var committed = Stopwatch.GetTimestamp();
            var polls = 0;
            long pollStart;
            long? received = null;
            if (byLsn)
            {
                // Read after the commit returned: a position read in the same batch is before the commit record.
                var target = (NpgsqlLogSequenceNumber)currentLsn.ExecuteScalar()!;
                pollStart = Stopwatch.GetTimestamp();
                while (true)
                {
                    polls++;
                    var (receivedLsn, replayedLsn) = ReadLsns(replayLsn);
                    if (received is null && receivedLsn >= target)
                    {
                        received = Stopwatch.GetTimestamp();
                    }
                    if (replayedLsn >= target)
                    {
                        break;
                    }
                    CheckTimeout(committed, timeout, cancellationToken);
                    PauseBetweenPolls();
                }
            }
            else
            {
                pollStart = Stopwatch.GetTimestamp();
                while (true)
                {
                    polls++;
                    if (rowVisible.ExecuteScalar() is not null)
                    {
                        break;
                    }
                    CheckTimeout(committed, timeout, cancellationToken);
                    PauseBetweenPolls();
                }
            }
            var visible = Stopwatch.GetTimestamp();
            if (committed >= recordFrom)
            {
                samples.Add(new Sample(
                    byLsn,
                    Stopwatch.GetElapsedTime(committed, visible),
                    received is { } r ? Stopwatch.GetElapsedTime(committed, r) : null,
                    polls,
                    Stopwatch.GetElapsedTime(pollStart, visible)));
            }

            if (_options.ProbeGapMs > 0)
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * 2 * _options.ProbeGapMs));
            }
        }
        return new ProbeResult(samples);
    }

    /// <summary>Receive and replay LSN of the standby; null (nothing received/replayed yet) reads as 0/0.</summary>
    private static (NpgsqlLogSequenceNumber Received, NpgsqlLogSequenceNumber Replayed) ReadLsns(NpgsqlCommand command)
    {
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.IsDBNull(0) ? default : reader.GetFieldValue<NpgsqlLogSequenceNumber>(0),
                reader.IsDBNull(1) ? default : reader.GetFieldValue<NpgsqlLogSequenceNumber>(1));
    }

    private void PauseBetweenPolls()
    {
        if (_options.PollSleepMs > 0)
        {
            Thread.Sleep(_options.PollSleepMs);
        }
    }

    private void CheckTimeout(long committed, long timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Stopwatch.GetTimestamp() - committed > timeout)
        {
            throw new TimeoutException($"a probe commit was not visible on the standby after {_options.SampleTimeoutSeconds} s");
        }
    }

    private static async Task WaitForStandbyAsync(NpgsqlDataSource primary, NpgsqlDataSource standby, CancellationToken cancellationToken)
    {
        var target = await ScalarAsync<NpgsqlLogSequenceNumber>(primary, "select pg_current_wal_lsn()", cancellationToken);
        var clock = Stopwatch.StartNew();
        while (await ScalarAsync<NpgsqlLogSequenceNumber?>(standby, "select pg_last_wal_replay_lsn()", cancellationToken) is not { } replayed
               || replayed < target)
        {
            if (clock.Elapsed > CatchUpTimeout)
            {
                throw new TimeoutException($"the standby did not replay up to {target} within {CatchUpTimeout.TotalSeconds} s");
            }
            await Task.Delay(10, cancellationToken);
        }
    }

    private async Task<string> DescribeSetupAsync(NpgsqlDataSource primary, NpgsqlDataSource standby, string primaryCs, string standbyCs, CancellationToken cancellationToken)
    {
        var version = await ScalarAsync<string>(primary, "select current_setting('server_version')", cancellationToken);
        var settings = await ScalarAsync<string>(primary,
            "select string_agg(name || '=' || quote_literal(setting || coalesce(unit, '')), ', ' order by name) from pg_settings " +
            "where name in ('synchronous_commit', 'synchronous_standby_names', 'fsync', 'wal_writer_delay', 'wal_sync_method')",
            cancellationToken);
        var standbySettings = await ScalarAsync<string>(standby,
            "select string_agg(name || '=' || quote_literal(setting || coalesce(unit, '')), ', ' order by name) from pg_settings " +
            "where name in ('hot_standby_feedback', 'recovery_min_apply_delay', 'wal_receiver_status_interval')",
            cancellationToken);
        return string.Create(CultureInfo.InvariantCulture, $"""
            ### Replication lag: commit on primary -> visible on standby

            - PostgreSQL {version}; primary {Describe(primaryCs)}, standby {Describe(standbyCs)}
            - primary: {settings}
            - standby: {standbySettings}
            - machine: {CpuSnapshot.MachineCpus()} CPUs; this client may use {Environment.ProcessorCount} of them; .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC
            - per level: {_options.WarmupSeconds:0.#} s warm-up, then {_options.DurationSeconds:0.#} s measured (idle: {_options.IdleDurationSeconds ?? _options.DurationSeconds:0.#} s); writers insert {_options.PayloadBytes}-byte rows, one INSERT per transaction
            - probe: commit a marker row, then poll the standby {(_options.PollSleepMs > 0 ? $"sleeping {_options.PollSleepMs} ms between polls" : "with no sleeps")}; probes alternate between the two methods, {_options.ProbeGapMs * 2:0.#} ms max random gap between probes


            """);
    }

    private static string Render(IReadOnlyList<LevelResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| Load | Writer commits/s | Mean commit ms | WAL MB/s | CPU busy % | bench client % | PostgreSQL % | CPU pressure % | Probes |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Label} | {r.WriterCommits / r.Measured.TotalSeconds:0} | {(r.Writers == 0 ? "-" : r.MeanCommitMs.ToString("0.00", CultureInfo.InvariantCulture))} | {r.WalBytesPerSecond / 1e6:0.00} | {r.Cpu.BusyPercent:0} | {r.Cpu.ClientPercent:0} | {r.Cpu.PostgresPercent:0} | {r.Cpu.PressurePercent:0} | {r.Probes.Samples.Count} |");
        }
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"CPU columns are percent of the machine's {CpuSnapshot.MachineCpus()} CPUs over the measured window: busy is machine-wide (every process), then this benchmark process, then both PostgreSQL servers' processes; CPU pressure is the share of time some runnable task waited for a CPU (/proc/pressure/cpu).");
        text.AppendLine();
        text.AppendLine("Lag from the commit returning on the primary to visibility on the standby (ms): " +
                        "\"replay LSN\" and \"marker row\" are the two detection methods (alternate probes); " +
                        "\"(WAL on standby disk)\" is, for the replay-LSN probes, when pg_last_wal_receive_lsn() passed the commit, before it was replayed. " +
                        "Poll period is the median time of one standby poll (its round trip, plus the sleep if any): the resolution of a sample.");
        text.AppendLine();
        text.AppendLine("| Load | Method | Samples | min | p50 | p90 | p99 | max | Poll period |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var byLsn = r.Probes.Samples.Where(s => s.ByLsn).ToList();
            var byRow = r.Probes.Samples.Where(s => !s.ByLsn).ToList();
            AppendRow(text, r.Label, "replay LSN", byLsn, s => s.Lag);
            AppendRow(text, r.Label, "(WAL on standby disk)", byLsn, s => s.Received);
            AppendRow(text, r.Label, "marker row", byRow, s => s.Lag);
        }
        return text.ToString();
    }

    private static void AppendRow(StringBuilder text, string label, string method, List<Sample> samples, Func<Sample, TimeSpan?> lag)
    {
        var lags = samples.Select(lag).OfType<TimeSpan>().Select(t => t.TotalMilliseconds).Order().ToArray();
        if (lags.Length == 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {label} | {method} | 0 | | | | | | |");
            return;
        }
        // Time per poll (round trip, plus the sleep if any); from probes that needed more than one poll when there are such.
        var polled = samples.Any(s => s.Polls > 1) ? samples.Where(s => s.Polls > 1) : samples;
        var period = polled.Select(s => s.PollTime.TotalMilliseconds / s.Polls).Order().ToArray();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| {label} | {method} | {lags.Length} | {lags[0]:0.000} | {Percentile(lags, 0.50):0.000} | {Percentile(lags, 0.90):0.000} | {Percentile(lags, 0.99):0.000} | {lags[^1]:0.000} | {Percentile(period, 0.50):0.000} |");
    }

    /// <summary>Nearest-rank percentile of a sorted array.</summary>
    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private (string Primary, string Standby) ResolveConnectionStrings()
    {
        if (_options.Primary is { } p && _options.Standby is { } s)
        {
            return (Dedicated(p, null), Dedicated(s, null));
        }
        var shop = Environment.GetEnvironmentVariable("ConnectionStrings__Shop");
        if (string.IsNullOrWhiteSpace(shop))
        {
            throw new InvalidOperationException(
                "set ConnectionStrings__Shop (eval \"$(deploy/local/platform.sh env)\") or pass --primary and --standby");
        }
        var hosts = (new NpgsqlConnectionStringBuilder(shop).Host ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (hosts.Length < 2)
        {
            throw new InvalidOperationException("ConnectionStrings__Shop must list two hosts: primary first, then the standby");
        }
        return (_options.Primary is { } primary ? Dedicated(primary, null) : Dedicated(shop, hosts[0]),
                _options.Standby is { } standby ? Dedicated(standby, null) : Dedicated(shop, hosts[1]));
    }

    /// <summary>A single-host connection string: the prober must talk to exactly the server it means.</summary>
    private string Dedicated(string connectionString, string? hostAndPort)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            TargetSessionAttributes = null,
            LoadBalanceHosts = false,
            Multiplexing = false,
            ApplicationName = "peakshop-bench-replication-lag",
            MaxPoolSize = Math.Max(100, _options.Levels.Select(l => l.Writers).DefaultIfEmpty(0).Max() + 10),
        };
        if (hostAndPort is not null)
        {
            var colon = hostAndPort.LastIndexOf(':');
            if (colon > 0 && hostAndPort.IndexOf(']', StringComparison.Ordinal) < colon
                && int.TryParse(hostAndPort.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                && (hostAndPort.StartsWith('[') || hostAndPort.IndexOf(':', StringComparison.Ordinal) == colon))
            {
                builder.Host = hostAndPort[..colon].Trim('[', ']');
                builder.Port = port;
            }
            else
            {
                builder.Host = hostAndPort;
            }
        }
        if (builder.Host?.Contains(',', StringComparison.Ordinal) == true)
        {
            throw new InvalidOperationException($"--primary/--standby must name a single host, got '{builder.Host}'");
        }
        return builder.ConnectionString;
    }

    private static string Describe(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{b.Host}:{b.Port}/{b.Database}";
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource source, string sql, CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand(sql);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? default! : (T)value;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource source, string sql, CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Log(string message) =>
        Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}
