using Microsoft.Extensions.Logging;
using Salon.Api.Features.Bookings;
using Salon.Api.Infrastructure.Behaviors;
using Salon.Domain;

namespace Salon.Api.Tests.Infrastructure;

/// <summary>
/// A request its caller abandoned (a closed connection, a stopping host) is not an error of ours: the load benchmark's
/// last requests, cut off by wrk, were each logged as a failure with a stack trace.
/// </summary>
public sealed class LoggingBehaviorTests
{
    [Fact]
    public async Task A_request_cancelled_by_its_caller_is_not_logged_as_a_failure()
    {
        var logger = new RecordingLogger();
        var behavior = new LoggingBehavior<GetBooking, Result<BookingResponse>>(logger);
        using var caller = new CancellationTokenSource();
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await behavior.Handle(
            new GetBooking(Guid.NewGuid()), (_, ct) => throw new OperationCanceledException(ct), caller.Token));

        Assert.DoesNotContain(logger.Levels, l => l >= LogLevel.Warning);
        Assert.Contains(LogLevel.Information, logger.Levels);
    }

    [Fact]
    public async Task A_failure_while_the_caller_still_waits_is_logged_as_an_error()
    {
        var logger = new RecordingLogger();
        var behavior = new LoggingBehavior<GetBooking, Result<BookingResponse>>(logger);

        // A timeout inside (not the caller's token) is a failure of ours.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await behavior.Handle(
            new GetBooking(Guid.NewGuid()), (_, _) => throw new OperationCanceledException(), CancellationToken.None));

        Assert.Equal([LogLevel.Error], logger.Levels);
    }

    private sealed class RecordingLogger : ILogger<LoggingBehavior<GetBooking, Result<BookingResponse>>>
    {
        public List<LogLevel> Levels { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) => Levels.Add(logLevel);
    }
}
