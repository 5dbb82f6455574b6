namespace Salon.Api.Infrastructure.Data;

/// <summary>
/// The one lock order: a command that writes rows of a client (bookings, payments, receipts, screenings, consents,
/// packages) first takes that client's row lock with a no-op update. Commands about one client then run one after the
/// other and read each other's writes; and on SQL Server, where inserting a child row waits for a shared lock on the
/// client, no command can hold a child row while it waits for the client, so they cannot deadlock.
/// Each lock is one statement: the client is found by a subquery, not by a read first.
/// </summary>
internal static class ClientLock
{
    /// <returns>False when there is no such client.</returns>
    public static async Task<bool> TakeAsync(DbSession db, Guid clientId, CancellationToken ct) =>
        await db.ExecuteAsync(Sql, new { clientId }, ct) > 0;

    /// <summary>The lock as a statement (@clientId), to lead a batch whose reads it guards.</summary>
    public const string Sql = "UPDATE clients SET version = version WHERE id = @clientId";

    /// <returns>False when there is no such booking.</returns>
    public static async Task<bool> TakeForBookingAsync(DbSession db, Guid bookingId, CancellationToken ct) =>
        await db.ExecuteAsync("UPDATE clients SET version = version WHERE id = (SELECT client_id FROM bookings WHERE id = @bookingId)",
            new { bookingId }, ct) > 0;

    /// <returns>False when there is no such payment.</returns>
    public static async Task<bool> TakeForPaymentAsync(DbSession db, Guid paymentId, CancellationToken ct) =>
        await db.ExecuteAsync("UPDATE clients SET version = version WHERE id = (SELECT client_id FROM payments WHERE id = @paymentId)",
            new { paymentId }, ct) > 0;

    /// <returns>False when there is no such package.</returns>
    public static async Task<bool> TakeForPackageAsync(DbSession db, Guid packageId, CancellationToken ct) =>
        await db.ExecuteAsync("UPDATE clients SET version = version WHERE id = (SELECT client_id FROM packages WHERE id = @packageId)",
            new { packageId }, ct) > 0;
}
