using Salon.Api.Infrastructure.Data;
using Salon.Domain;

namespace Salon.Api.Features.Availability;

/// <summary>Bound from the "Availability" configuration section.</summary>
public sealed class AvailabilityOptions
{
    /// <summary>Reuse a search's answer while the database's commit token and the clock allow (see
    /// <see cref="AnswerCache"/>); false computes every search.</summary>
    public bool AnswerCache { get; set; } = true;

    /// <summary>Roughly how much memory the kept answers may take; the oldest go first.</summary>
    public int AnswerCacheMegabytes { get; set; } = 32;

    public void Check()
    {
        if (AnswerCacheMegabytes is < 1 or > 4096)
            throw new InvalidOperationException("Availability:AnswerCacheMegabytes must be between 1 and 4096.");
    }
}

/// <summary>
/// Everything a search's answer depends on besides the data and the time: the search as the handler runs it (the
/// client after the caller's scope and the package), and whether the caller is a client (the lead time applies). The
/// format is not here: an entry keeps each format's bytes apart (<see cref="CachedAnswer.Json"/>). Holds client ids:
/// never logged.
/// </summary>
internal readonly record struct AnswerKey(Guid ServiceId, DateOnly From, DateOnly To, Guid? TherapistId,
    Guid? ClientId, Guid? PackageId, bool ForClient);

/// <summary>
/// Search answers that nothing could have changed: each is kept with the commit token read before its data and the
/// time it was computed for, and served only to a search with the same key that reads the identical token (nothing
/// committed since, anywhere in the database) within <see cref="MaxAge"/> of that time (lead time, horizon, holds and
/// screening validity move with the clock). A newer answer replaces the key's older one; past the memory budget the
/// oldest entries go. Checks that decide who may see what run before every lookup, not only on a miss.
/// </summary>
public sealed class AnswerCache(AvailabilityOptions options, CommitTokens tokens)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<AnswerKey, CachedAnswer> _entries = [];
    private readonly LinkedList<CachedAnswer> _oldestFirst = [];
    private readonly Dictionary<AnswerKey, (string Token, DateTimeOffset Now,
        TaskCompletionSource<Result<FreeTimes>?> Answer)> _computing = [];
    private readonly long _budget = options.AnswerCacheMegabytes * 1024L * 1024L;
    private long _bytes;

    /// <summary>Whether answers are kept at all: switched on, and the database has a commit token.</summary>
    public bool Enabled { get; } = options.AnswerCache && tokens.Available;

    /// <summary>The token to key an answer by, read before anything the answer reads; null: do not cache.</summary>
    public ValueTask<string?> TokenAsync(DbSession db, CancellationToken ct) =>
        Enabled ? tokens.ReadAsync(db, ct) : ValueTask.FromResult<string?>(null);

    internal FreeTimes? Find(AnswerKey key, string token, DateTimeOffset now)
    {
        lock (_lock)
            return _entries.TryGetValue(key, out var entry) && Holds(entry.Token, entry.Now, token, now)
                ? entry.Times : null;
    }

    /// <summary>Whether an answer computed at <paramref name="computed"/> after reading <paramref name="kept"/> is the
    /// answer for a search at <paramref name="now"/> that read <paramref name="token"/>.</summary>
    private static bool Holds(string kept, DateTimeOffset computed, string token, DateTimeOffset now) =>
        kept == token && now >= computed && now - computed < MaxAge;

    /// <summary>
    /// The kept answer, or the one a search with the same key and token is computing now (when a commit changes the
    /// token, the searches in flight wait for one of them instead of each computing the same answer), or else
    /// <paramref name="compute"/>'s, kept. Refusals are shared with the waiting searches but not kept.
    /// </summary>
    internal async Task<Result<FreeTimes>> AnswerAsync(AnswerKey key, string token, DateTimeOffset now,
        Func<Task<Result<FreeTimes>>> compute, CancellationToken ct)
    {
        TaskCompletionSource<Result<FreeTimes>?>? mine = null;
        Task<Result<FreeTimes>?>? theirs = null;
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var entry) && Holds(entry.Token, entry.Now, token, now))
                return entry.Times;
            if (_computing.TryGetValue(key, out var other) && Holds(other.Token, other.Now, token, now))
                theirs = other.Answer.Task;
            else _computing[key] = (token, now, mine = new(TaskCreationOptions.RunContinuationsAsynchronously));
        }
        // Its request was cancelled or failed: this one computes its own.
        if (theirs is not null) return await theirs.WaitAsync(ct) ?? await compute();
        try
        {
            var answer = await compute();
            var result = answer.Value is { } times ? Keep(key, token, now, times) : answer;
            mine!.SetResult(result);
            return result;
        }
        finally
        {
            mine!.TrySetResult(null);
            lock (_lock)
                if (_computing.TryGetValue(key, out var current) && current.Answer == mine) _computing.Remove(key);
        }
    }

    /// <summary>Keeps an answer computed at <paramref name="now"/> from data read after <paramref name="token"/>; the
    /// answer returned carries the entry, which keeps its JSON once written.</summary>
    internal FreeTimes Keep(AnswerKey key, string token, DateTimeOffset now, FreeTimes times)
    {
        var entry = new CachedAnswer(this, key, token, now);
        var kept = times with { Cached = entry };
        entry.Times = kept;
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var older))
            {
                if (older.Now > now) return kept; // a slower request's older answer does not displace a newer one
                Drop(older);
            }
            _entries[key] = entry;
            entry.Node = _oldestFirst.AddLast(entry);
            Charge(entry, Estimate(times));
        }
        return kept;
    }

    /// <summary>Counts an entry's written JSON against the budget.</summary>
    internal void Written(CachedAnswer entry, int bytes)
    {
        lock (_lock)
            if (entry.Node is not null) Charge(entry, bytes);
    }

    private void Charge(CachedAnswer entry, long bytes)
    {
        entry.Bytes += bytes;
        _bytes += bytes;
        while (_bytes > _budget && _oldestFirst.First is { } oldest) Drop(oldest.Value);
    }

    private void Drop(CachedAnswer entry)
    {
        _entries.Remove(entry.Key);
        _oldestFirst.Remove(entry.Node!);
        entry.Node = null;
        _bytes -= entry.Bytes;
    }

    /// <summary>The answer's objects, generously: each start with its list of therapist ids.</summary>
    private static long Estimate(FreeTimes times)
    {
        long bytes = 512 + 128L * times.Therapists.Count;
        foreach (var slot in times.Slots) bytes += 96 + 16L * slot.TherapistIds.Count;
        return bytes;
    }

    /// <summary>How many answers are kept (for tests).</summary>
    internal int Count
    {
        get { lock (_lock) return _entries.Count; }
    }
}

/// <summary>One kept answer and, once written, its JSON in each format.</summary>
internal sealed class CachedAnswer(AnswerCache cache, AnswerKey key, string token, DateTimeOffset now)
{
    private readonly byte[]?[] _json = new byte[2][];

    public AnswerKey Key => key;
    public string Token => token;
    public DateTimeOffset Now => now;
    public FreeTimes Times { get; set; } = null!;
    public long Bytes { get; set; }
    public LinkedListNode<CachedAnswer>? Node { get; set; }

    /// <summary>The answer as written in the format, or null before the first time.</summary>
    public byte[]? Json(bool compact) => Volatile.Read(ref _json[compact ? 1 : 0]);

    /// <summary>Keeps the first writing of a format (both writings are the same bytes) and returns it.</summary>
    public byte[] Keep(bool compact, byte[] json)
    {
        var first = Interlocked.CompareExchange(ref _json[compact ? 1 : 0], json, null);
        if (first is not null) return first;
        cache.Written(this, json.Length);
        return json;
    }
}
