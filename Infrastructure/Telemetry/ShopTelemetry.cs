using System.Diagnostics;
using Hangfire;
using Hangfire.Client;
using Hangfire.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PeakShop.Infrastructure.Data.Replicas;

namespace PeakShop.Infrastructure.Telemetry;

/// <summary>
/// OpenTelemetry for every PeakShop process: traces (HttpClient, Npgsql, Redis, jobs) and metrics (our meters,
/// Npgsql, HttpClient). Exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; Web adds ASP.NET Core
/// instrumentation and a Prometheus scrape endpoint. Logs carry the trace id, and a job carries the trace of the
/// request that enqueued it (<see cref="TraceContextJobFilter"/>).
/// </summary>
public static class ShopTelemetry
{
    public const string JobsSourceName = "PeakShop.Jobs";

    public static IHostApplicationBuilder AddShopTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Logging.Configure(options =>
            options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName,
                serviceInstanceId: builder.Configuration["Replica:Name"] ?? $"{Environment.MachineName}-{Environment.ProcessId}"))
            .WithTracing(tracing =>
            {
                tracing.AddHttpClientInstrumentation()
                    .AddNpgsql()
                    .AddRedisInstrumentation()
                    .AddSource(JobsSourceName);
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddHttpClientInstrumentation()
                    .AddMeter(DbMetrics.MeterName, "Npgsql", "Microsoft.Extensions.Caching.Hybrid");
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        // Hangfire's filters are process-wide: once, however many hosts a process builds (tests build many).
        if (!GlobalJobFilters.Filters.Any(f => f.Instance is TraceContextJobFilter))
        {
            GlobalJobFilters.Filters.Add(new TraceContextJobFilter());
        }
        return builder;
    }
}

/// <summary>
/// Carries the W3C trace context from the code that enqueues a job (a request, usually) into the job's run:
/// stored as the job parameter <c>traceparent</c>, restored as the parent of a consumer activity around the job,
/// so the job's logs and spans share the request's trace id.
/// </summary>
public sealed class TraceContextJobFilter : IClientFilter, IServerFilter
{
    public const string Parameter = "traceparent";

    private static readonly ActivitySource Source = new(ShopTelemetry.JobsSourceName);

    private static readonly AsyncLocal<string?> Request = new();

    /// <summary>
    /// The trace of the HTTP request being served (set by Web's request middleware). Preferred over
    /// <see cref="Activity.Current"/>, which inside a Blazor form handler is the renderer's own activity, a new trace.
    /// </summary>
    public static string? RequestTraceParent
    {
        get => Request.Value;
        set => Request.Value = value;
    }

    public void OnCreating(CreatingContext context)
    {
        if ((RequestTraceParent ?? Activity.Current?.Id) is { } traceParent)
        {
            context.SetJobParameter(Parameter, traceParent);
        }
    }

    public void OnCreated(CreatedContext context)
    {
    }

    public void OnPerforming(PerformingContext context)
    {
        var parent = context.GetJobParameter<string>(Parameter, allowStale: true);
        ActivityContext.TryParse(parent, null, out var parentContext);
        var job = context.BackgroundJob.Job;
        var activity = Source.StartActivity($"job {job.Type.Name}.{job.Method.Name}", ActivityKind.Consumer, parentContext);
        activity?.SetTag("hangfire.job.id", context.BackgroundJob.Id);
        context.Items[nameof(TraceContextJobFilter)] = activity;
    }

    public void OnPerformed(PerformedContext context)
    {
        if (context.Items.TryGetValue(nameof(TraceContextJobFilter), out var item) && item is Activity activity)
        {
            if (context.Exception is { } exception)
            {
                activity.SetStatus(ActivityStatusCode.Error, exception.Message);
            }
            activity.Dispose();
        }
    }
}
