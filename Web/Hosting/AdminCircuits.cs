using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;

namespace PeakShop.Web.Hosting;

/// <summary>How admin circuits outlive the replica they run on (ADR 8).</summary>
public sealed record AdminCircuitOptions
{
    public const string Section = "AdminCircuits";

    /// <summary>A hidden tab pauses its circuit after this long (the browser keeps the state; no server memory).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan IdlePauseAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A dropped connection keeps its circuit in this replica's memory this long, then it goes to Redis.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan DisconnectedRetention { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>How long an evicted circuit's state stays in Redis for a reconnect on any replica.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan PersistedRetention { get; init; } = TimeSpan.FromHours(8);

    /// <summary>On stop, the longest wait for connected browsers to take their circuit's state.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan ShutdownPauseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Largest message a browser may send on <c>/_blazor</c>. A resume carries the paused circuit's protected
    /// state (measured: ~10 KB for the product editor with the seeded choices, ~40 KB with a long description
    /// and many images); the default 32 KB would refuse the larger ones and lose the form.
    /// </summary>
    [Range(32 * 1024, 4 * 1024 * 1024)]
    public long MaximumReceiveMessageBytes { get; init; } = 256 * 1024;
}

internal static class AdminCircuits
{
    /// <summary>
    /// Interactive Server with state that survives the replica: circuits evicted after a disconnect are persisted
    /// through the app's <see cref="HybridCache"/> (memory + Redis), and a pause of every connected circuit when the
    /// process is told to stop. Larger hub messages, so a resume can carry its state, are set where the components
    /// are registered (<see cref="StorefrontHosting"/>, with <see cref="Bound"/>).
    /// </summary>
    public static IHostApplicationBuilder AddShopAdminCircuits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminCircuitOptions>()
            .BindConfiguration(AdminCircuitOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<CircuitOptions>().Configure<IOptions<AdminCircuitOptions>, HybridCache>((circuits, admin, cache) =>
        {
            circuits.DisconnectedCircuitRetentionPeriod = admin.Value.DisconnectedRetention;
            circuits.PersistedCircuitDistributedRetentionPeriod = admin.Value.PersistedRetention;
            // The framework would pick the HybridCache service by itself; naming it keeps the dependency visible:
            // this is the app's cache, whose L2 is Redis behind the resilient wrapper (CachingRegistration).
            circuits.HybridPersistenceCache = cache;
        });
        builder.Services.AddSingleton<LiveCircuits>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, LiveCircuitHandler>());
        return builder;
    }

    /// <summary>The hub's options callback gets no services (its hub type is internal): read the section directly.</summary>
    internal static AdminCircuitOptions Bound(IConfiguration configuration) =>
        configuration.GetSection(AdminCircuitOptions.Section).Get<AdminCircuitOptions>() ?? new AdminCircuitOptions();
}

/// <summary>
/// The circuits this process serves, with each one's JS runtime, so that a stopping process can ask every
/// connected browser to pause: the browser then holds the protected state and resumes on another replica.
/// Without this, SIGTERM loses every unsaved form (the framework saves nothing on shutdown).
/// </summary>
internal sealed partial class LiveCircuits(IHostApplicationLifetime lifetime, IOptions<AdminCircuitOptions> options, ILogger<LiveCircuits> logger)
{
    /// <summary>Called in the browser by <c>cdn-assets/js/admin-circuits.js</c>; pauses, then resumes wherever a replica answers.</summary>
    internal const string PauseForRestart = "peakshopCircuits.pauseForRestart";

    /// <summary>The framework's own call, for a page that arrived without the script (enhanced navigation from outside /admin).</summary>
    internal const string PauseOnly = "Blazor.pauseCircuit";

    private readonly ConcurrentDictionary<string, Entry> _circuits = new();
    private readonly Lock _registration = new();
    private bool _registered;

    public int Connected => _circuits.Values.Count(e => e.Connected);

    public void Opened(Circuit circuit, IJSRuntime js)
    {
        EnsureStoppingHook();
        _circuits[circuit.Id] = new Entry(js) { Connected = true };
    }

    public void ConnectionChanged(Circuit circuit, bool connected)
    {
        if (_circuits.TryGetValue(circuit.Id, out var entry))
        {
            entry.Connected = connected;
        }
    }

    public void Closed(Circuit circuit) => _circuits.TryRemove(circuit.Id, out _);

    /// <summary>
    /// SignalR closes every connection in its own ApplicationStopping callback, and callbacks run last-registered
    /// first. Registering when the first circuit opens (so after SignalR's connection manager exists) puts this
    /// callback ahead of it: the browsers are still connected when they are asked to pause.
    /// </summary>
    private void EnsureStoppingHook()
    {
        lock (_registration)
        {
            if (_registered)
            {
                return;
            }
            _registered = true;
            // A cancellation callback is synchronous; the wait is bounded by ShutdownPauseTimeout.
            lifetime.ApplicationStopping.Register(() => PauseAllAsync().GetAwaiter().GetResult());
        }
    }

    internal async Task PauseAllAsync()
    {
        var connected = _circuits.Where(c => c.Value.Connected).ToList();
        if (connected.Count == 0)
        {
            return;
        }
        var clock = Stopwatch.StartNew();
        var deadline = options.Value.ShutdownPauseTimeout;
        await Task.WhenAll(connected.Select(c => AskToPauseAsync(c.Value.Js, deadline)));
        // A paused circuit is closed once its state has gone to the browser (or, failing that, to Redis).
        while (connected.Any(c => _circuits.ContainsKey(c.Key)) && clock.Elapsed < deadline)
        {
            await Task.Delay(25);
        }
        var left = connected.Count(c => _circuits.ContainsKey(c.Key));
        LogPaused(logger, connected.Count - left, connected.Count, clock.ElapsedMilliseconds);
    }

    private async Task AskToPauseAsync(IJSRuntime js, TimeSpan timeout)
    {
        try
        {
            await js.InvokeVoidAsync(PauseForRestart, timeout, []);
        }
        catch (JSException)
        {
            // No admin script on this page: the framework's pause still hands the state to the browser, whose
            // dialog then offers "Resume". Its promise ends with the connection, so it is not awaited.
            _ = js.InvokeVoidAsync(PauseOnly, timeout, []).AsTask().ContinueWith(static _ => { }, TaskScheduler.Default);
        }
        catch (Exception e) when (e is TaskCanceledException or OperationCanceledException or JSDisconnectedException or InvalidOperationException)
        {
            LogAskFailed(logger, e.Message);
        }
    }

    [LoggerMessage(LogLevel.Information, "Stopping: {Paused} of {Connected} connected admin circuits paused in {ElapsedMs} ms")]
    private static partial void LogPaused(ILogger logger, int paused, int connected, long elapsedMs);

    [LoggerMessage(LogLevel.Warning, "Stopping: a circuit could not be asked to pause: {Reason}")]
    private static partial void LogAskFailed(ILogger logger, string reason);

    private sealed class Entry(IJSRuntime js)
    {
        public IJSRuntime Js { get; } = js;

        private volatile bool _connected;

        public bool Connected
        {
            get => _connected;
            set => _connected = value;
        }
    }
}

/// <summary>One per circuit: tells <see cref="LiveCircuits"/> when it opens, loses or regains its connection, and closes.</summary>
internal sealed class LiveCircuitHandler(LiveCircuits circuits, IJSRuntime js) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        circuits.Opened(circuit, js);
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        circuits.ConnectionChanged(circuit, connected: true);
        return Task.CompletedTask;
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        circuits.ConnectionChanged(circuit, connected: false);
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        circuits.Closed(circuit);
        return Task.CompletedTask;
    }
}
