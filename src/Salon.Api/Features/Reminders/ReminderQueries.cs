using Mediator;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Reminders;

public enum ReminderChannelName { Sms, Push }

/// <summary>A visit's message as the desk sees it: when it is or was due, and what became of it.</summary>
public sealed record ReminderResponse
{
    public required Guid Id { get; init; }
    public required string Kind { get; init; }
    public required DateTimeOffset StartsAt { get; init; }
    public required DateTimeOffset DueAt { get; init; }
    /// <summary>scheduled, sent, failed, cancelled or skipped (the client opted out of every channel).</summary>
    public required string Status { get; init; }
    public required int Attempts { get; init; }
    public string? Channel { get; init; }
    public DateTimeOffset? SentAt { get; init; }
    public string? LastError { get; init; }
}

/// <summary>The booking's confirmation and reminders, oldest plan first.</summary>
public sealed record ListBookingReminders(Guid BookingId) : IQuery<Result<IReadOnlyList<ReminderResponse>>>
{
    internal sealed class Handler(DbSession db) : IQueryHandler<ListBookingReminders, Result<IReadOnlyList<ReminderResponse>>>
    {
        public async ValueTask<Result<IReadOnlyList<ReminderResponse>>> Handle(ListBookingReminders query,
            CancellationToken ct)
        {
            if (await db.ScalarAsync<int>("SELECT COUNT(*) FROM bookings WHERE id = @bookingId",
                new { query.BookingId }, ct) == 0)
                return Refusal.NotFound("Booking");
            var rows = await db.QueryAsync<ReminderResponse>("""
                SELECT id, kind, starts_at, due_at, status, attempts, channel, sent_at, last_error
                FROM reminders WHERE booking_id = @bookingId ORDER BY event_position, due_at
                """, new { query.BookingId }, ct);
            return rows.ToList();
        }
    }
}

public sealed record OptOutResponse(ReminderChannelName Channel, DateTimeOffset OptedOutAt);

/// <summary>The channels the signed-in client has opted out of, with when.</summary>
public sealed record ListMyOptOuts : IQuery<Result<IReadOnlyList<OptOutResponse>>>
{
    internal sealed class Handler(DbSession db,
        CurrentUser user) : IQueryHandler<ListMyOptOuts, Result<IReadOnlyList<OptOutResponse>>>
    {
        public async ValueTask<Result<IReadOnlyList<OptOutResponse>>> Handle(ListMyOptOuts query,
            CancellationToken ct) =>
            user.ClientId is { } clientId ? (await OptOuts.ReadAsync(db, clientId,
                ct)).ToList() : Refusal.NotFound("Client");
    }
}

/// <summary>Stops (or, with OptOut false, resumes) messages to the signed-in client on one channel, recording
/// when.</summary>
public sealed record SetMyOptOut(ReminderChannelName Channel,
    bool OptOut) : ICommand<Result<IReadOnlyList<OptOutResponse>>>
{
    internal sealed class Handler(DbSession db, CurrentUser user, TimeProvider clock)
        : ICommandHandler<SetMyOptOut, Result<IReadOnlyList<OptOutResponse>>>
    {
        public async ValueTask<Result<IReadOnlyList<OptOutResponse>>> Handle(SetMyOptOut command, CancellationToken ct)
        {
            if (user.ClientId is not { } clientId) return Refusal.NotFound("Client");
            var channel = OptOuts.Name(command.Channel);
            var exists = await db.ScalarAsync<int>(
                "SELECT COUNT(*) FROM reminder_opt_outs WHERE client_id = @clientId AND channel = @channel", new { clientId, channel }, ct) > 0;
            if (command.OptOut && !exists)
                await db.ExecuteAsync("INSERT INTO reminder_opt_outs (client_id, channel, opted_out_at) VALUES (@clientId, @channel, @now)",
                    new { clientId, channel, now = clock.GetUtcNow() }, ct);
            else if (!command.OptOut && exists)
                await db.ExecuteAsync("DELETE FROM reminder_opt_outs WHERE client_id = @clientId AND channel = @channel", new { clientId, channel }, ct);
            return (await OptOuts.ReadAsync(db, clientId, ct)).ToList();
        }
    }
}

internal static class OptOuts
{
    public static string Name(ReminderChannelName channel) => channel == ReminderChannelName.Sms ? "sms" : "push";

    public static async Task<IReadOnlyList<OptOutResponse>> ReadAsync(DbSession db, Guid clientId,
        CancellationToken ct) =>
        (await db.QueryAsync<Row>("SELECT channel, opted_out_at FROM reminder_opt_outs WHERE client_id = @clientId ORDER BY channel",
            new { clientId }, ct))
        .Select(r => new OptOutResponse(r.Channel == "sms" ? ReminderChannelName.Sms : ReminderChannelName.Push,
            r.OptedOutAt)).ToList();

    private sealed record Row
    {
        public string Channel { get; init; } = "";
        public DateTimeOffset OptedOutAt { get; init; }
    }
}
