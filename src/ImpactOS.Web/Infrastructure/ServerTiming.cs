using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ImpactOS.Web.Infrastructure;

/// <summary>Settings for looking inside the running app; all off by default.</summary>
public sealed class DiagnosticsOptions
{
    /// <summary>Every response carries a <c>Server-Timing</c> header with where its time went (the
    /// benchmark turns it on: <c>ImpactOS__Diagnostics__ServerTiming=true</c>). Off, nothing of it
    /// is registered: no middleware, no filter, no interceptor.</summary>
    public bool ServerTiming { get; set; }
}

/// <summary>Where one request's time went, written as its <c>Server-Timing</c> header just before
/// the response starts. Collected through an async-local, so the database interceptor (a
/// singleton) finds the request it works for.</summary>
/// <remarks>
/// Entries (durations in ms): <c>total</c> from the first middleware to the response's start;
/// one per timed middleware (<see cref="ServerTiming.Spans"/>: the time spent in it before it
/// handed on, or until the response started when it answered itself) and <c>mw</c>, their sum;
/// <c>db</c>, the database commands' execution up to their first result, with their number
/// (<c>desc="N queries"</c>: round trips, so the PostgreSQL session's settings count when they
/// take one of their own, not when they travel with the first query);
/// <c>rows</c>, readers open after that (reading and materializing rows); <c>conn</c>, opening
/// connections; <c>handler</c>, a page's handler (its queries included); <c>render</c>, a page's
/// result up to the response's start (Razor renders the whole page into a buffer before the
/// first byte goes out, so this is the rendering and not the writing out); <c>endpoint</c>, from
/// the endpoint's start to the response's start (handler and render or an API's work and its
/// JSON). <c>alloc</c> is the process's allocated bytes over the same time (<c>desc</c>): it is
/// this request's allocations only when nothing else runs, so read it under one client.
/// </remarks>
public sealed class RequestTimings
{
    private static readonly AsyncLocal<RequestTimings?> Slot = new();

    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly long _allocated = GC.GetTotalAllocatedBytes(precise: false);
    private readonly long[] _spanStart = new long[ServerTiming.Spans.Length];
    private readonly long[] _spanTicks = new long[ServerTiming.Spans.Length];
    private long _dbTicks;
    private int _dbCommands;
    private long _readerLifeTicks;
    private long _connTicks;
    private int _connections;
    private long _handlerStart;
    private long _handlerTicks;
    private long _renderStart;
    private long _renderTicks;
    private long _endpointStart;

    /// <summary>The timings of the request this code runs for; null when timing is off.</summary>
    public static RequestTimings? Current => Slot.Value;

    internal static void Enter(RequestTimings timings) => Slot.Value = timings;

    internal void BeginSpan(int span) => _spanStart[span] = Stopwatch.GetTimestamp();

    internal void EndSpan(int span)
    {
        if (_spanStart[span] != 0)
        {
            _spanTicks[span] += Stopwatch.GetTimestamp() - _spanStart[span];
            _spanStart[span] = 0;
        }
    }

    internal void BeginEndpoint() => _endpointStart = Stopwatch.GetTimestamp();

    internal void BeginHandler() => _handlerStart = Stopwatch.GetTimestamp();

    internal void EndHandler() => _handlerTicks += Stopwatch.GetTimestamp() - _handlerStart;

    internal void BeginRender() => _renderStart = Stopwatch.GetTimestamp();

    internal void EndRender()
    {
        if (_renderStart != 0)
        {
            _renderTicks += Stopwatch.GetTimestamp() - _renderStart;
            _renderStart = 0;
        }
    }

    /// <summary>A database command's execution (up to its first result).</summary>
    public void AddCommand(TimeSpan duration)
    {
        Interlocked.Add(ref _dbTicks, duration.Ticks);
        Interlocked.Increment(ref _dbCommands);
    }

    /// <summary>A reader's life, from its first result to its disposal.</summary>
    internal void AddReaderLife(TimeSpan duration) => Interlocked.Add(ref _readerLifeTicks, duration.Ticks);

    internal void AddConnection(TimeSpan duration)
    {
        Interlocked.Add(ref _connTicks, duration.Ticks);
        Interlocked.Increment(ref _connections);
    }

    /// <summary>The header's value as of now (the response is about to start).</summary>
    public string Header()
    {
        var now = Stopwatch.GetTimestamp();
        var text = new StringBuilder(256);
        void Add(string name, double ms, string? desc = null)
        {
            if (text.Length > 0)
            {
                text.Append(", ");
            }

            text.Append(name).Append(";dur=").Append(Math.Round(ms, 3).ToString(CultureInfo.InvariantCulture));
            if (desc is not null)
            {
                text.Append(";desc=\"").Append(desc).Append('"');
            }
        }

        static double Ms(long stopwatchTicks) => stopwatchTicks * 1000.0 / Stopwatch.Frequency;

        Add("total", Ms(now - _start));
        long middleware = 0;
        for (var s = 0; s < ServerTiming.Spans.Length; s++)
        {
            var ticks = _spanTicks[s] + (_spanStart[s] != 0 ? now - _spanStart[s] : 0);
            middleware += ticks;
            if (ticks > 0)
            {
                Add(ServerTiming.Spans[s], Ms(ticks));
            }
        }

        Add("mw", Ms(middleware));
        var commands = Volatile.Read(ref _dbCommands);
        Add("db", TimeSpan.FromTicks(Volatile.Read(ref _dbTicks)).TotalMilliseconds, commands.ToString(CultureInfo.InvariantCulture) + (commands == 1 ? " query" : " queries"));
        Add("rows", TimeSpan.FromTicks(Volatile.Read(ref _readerLifeTicks)).TotalMilliseconds);
        var connections = Volatile.Read(ref _connections);
        Add("conn", TimeSpan.FromTicks(Volatile.Read(ref _connTicks)).TotalMilliseconds, connections.ToString(CultureInfo.InvariantCulture) + " opened");
        if (_handlerTicks > 0)
        {
            Add("handler", Ms(_handlerTicks));
        }

        var render = _renderTicks + (_renderStart != 0 ? now - _renderStart : 0);
        if (render > 0)
        {
            Add("render", Ms(render));
        }

        if (_endpointStart != 0)
        {
            Add("endpoint", Ms(now - _endpointStart));
        }

        var bytes = GC.GetTotalAllocatedBytes(precise: false) - _allocated;
        Add("alloc", 0, bytes.ToString(CultureInfo.InvariantCulture) + " bytes");
        return text.ToString();
    }
}

/// <summary>Wires the <c>Server-Timing</c> breakdown when <see cref="DiagnosticsOptions.ServerTiming"/> is on.</summary>
public static class ServerTiming
{
    public const string HeaderName = "Server-Timing";

    /// <summary>The middleware timed one by one, in pipeline order.</summary>
    public static readonly string[] Spans = ["hsts", "headers", "errors", "routing", "bodylimit", "ratelimit", "authn", "authz", "logscope", "idempotency", "antiforgery"];

    public static IServiceCollection AddServerTiming(this IServiceCollection services, ImpactOsOptions options)
    {
        if (options.Diagnostics.ServerTiming)
        {
            services.AddSingleton<IInterceptor, ServerTimingDbInterceptor>();
            services.Configure<MvcOptions>(o =>
            {
                o.Filters.Add(new ServerTimingPageFilter());
                o.Filters.Add(new ServerTimingResultFilter());
            });
        }

        return services;
    }

    /// <summary>The first middleware: starts the request's timings and writes the header as the
    /// response starts (the callback registered first runs last, after every other one).</summary>
    public static IApplicationBuilder UseServerTiming(this IApplicationBuilder app, ImpactOsOptions options)
    {
        if (options.Diagnostics.ServerTiming)
        {
            app.Use(async (context, next) =>
            {
                var timings = new RequestTimings();
                RequestTimings.Enter(timings);
                context.Response.OnStarting(static state =>
                {
                    var (http, t) = ((HttpContext, RequestTimings))state;
                    http.Response.Headers[HeaderName] = t.Header();
                    return Task.CompletedTask;
                }, (context, timings));
                await next(context);
            });
        }

        return app;
    }

    /// <summary>Adds middleware through <paramref name="add"/>, timed as <paramref name="span"/>
    /// when timing is on (the time until it hands on to the next one).</summary>
    public static TBuilder Timed<TBuilder>(this TBuilder app, ImpactOsOptions options, string span, Action<TBuilder> add)
        where TBuilder : IApplicationBuilder
    {
        if (!options.Diagnostics.ServerTiming)
        {
            add(app);
            return app;
        }

        var index = Array.IndexOf(Spans, span);
        if (index < 0)
        {
            throw new ArgumentException($"'{span}' is not one of the timed middleware.", nameof(span));
        }

        app.Use((context, next) =>
        {
            RequestTimings.Current?.BeginSpan(index);
            return next(context);
        });
        add(app);
        app.Use((context, next) =>
        {
            RequestTimings.Current?.EndSpan(index);
            return next(context);
        });
        return app;
    }

    /// <summary>The last middleware before the endpoints: marks where the endpoint's own work starts.</summary>
    public static IApplicationBuilder UseServerTimingEndpointMark(this IApplicationBuilder app, ImpactOsOptions options)
    {
        if (options.Diagnostics.ServerTiming)
        {
            app.Use((context, next) =>
            {
                RequestTimings.Current?.BeginEndpoint();
                return next(context);
            });
        }

        return app;
    }
}

/// <summary>Counts and times every command and connection of the request's contexts.</summary>
internal sealed class ServerTimingDbInterceptor : DbCommandInterceptor, IDbConnectionInterceptor
{
    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        RequestTimings.Current?.AddCommand(eventData.Duration);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        RequestTimings.Current?.AddCommand(eventData.Duration);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        RequestTimings.Current?.AddCommand(eventData.Duration);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        RequestTimings.Current?.AddCommand(eventData.Duration);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        RequestTimings.Current?.AddCommand(eventData.Duration);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        RequestTimings.Current?.AddCommand(eventData.Duration);
        return ValueTask.FromResult(result);
    }

    /// <summary>The reader's life after its execution: reading and materializing its rows.</summary>
    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        RequestTimings.Current?.AddReaderLife(eventData.Duration);
        return result;
    }

    public void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) =>
        RequestTimings.Current?.AddConnection(eventData.Duration);

    public Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        RequestTimings.Current?.AddConnection(eventData.Duration);
        return Task.CompletedTask;
    }
}

/// <summary>Times a page's handler.</summary>
internal sealed class ServerTimingPageFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var timings = RequestTimings.Current;
        timings?.BeginHandler();
        try
        {
            await next();
        }
        finally
        {
            timings?.EndHandler();
        }
    }
}

/// <summary>Times a page's (or controller's) result: the Razor rendering.</summary>
internal sealed class ServerTimingResultFilter : IAsyncAlwaysRunResultFilter
{
    public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        var timings = RequestTimings.Current;
        timings?.BeginRender();
        try
        {
            await next();
        }
        finally
        {
            timings?.EndRender();
        }
    }
}
