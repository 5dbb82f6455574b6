using Salon.Domain;

namespace Salon.Domain.Tests;

/// <summary>
/// The screening table of DESIGN.md ("Mandatory pre-visit screening"), copied by hand: the expected data the screening
/// tests hold the rules engine and the three seed migrations to. Change it only together with DESIGN.md.
/// </summary>
internal static class DesignScreeningTable
{
    public static readonly ScreeningKindCode[] Kinds =
    [
        ScreeningKindCode.SURF, ScreeningKindCode.DEEP, ScreeningKindCode.HONEY,
        ScreeningKindCode.PRESS, ScreeningKindCode.MICRO, ScreeningKindCode.VAC,
    ];

    /// <summary>The questions asked again at check-in (DESIGN.md, "Day-of check").</summary>
    public static readonly string[] AskedOnDay = ["Q01", "Q02", "Q03", "Q17", "Q19", "Q21"];

    // code  SURF DEEP HONEY PRESS MICRO VAC, effects written as in DESIGN.md (— is no effect).
    private const string Table = """
        Q01  D D D D D D
        Q02  D D D D D D
        Q03  A A A A A A
        Q04  R R R R R A
        Q05  W R R R W A
        Q06  A A A A A A
        Q07  R R R R A R
        Q08  — — — R A R
        Q09  — — — — A —
        Q10  — — — — A —
        Q11  A A A A A A
        Q12  R R R R R R
        Q13  A A A A A A
        Q14  R R R R R R
        Q15  R R R R R R
        Q16  R R R R R R
        Q17  R A A A A A
        Q18  R A A R A A
        Q19  W R R R W A
        Q20  R R R A R R
        Q21  D D D D D D
        Q22  — — A — — —
        Q23  R R R R R R
        Q24  W R R R A R
        """;

    /// <summary>Every (code, kind) cell of the table with its DESIGN.md symbol: A, R, D, W or —.</summary>
    public static readonly IReadOnlyDictionary<(string Code, ScreeningKindCode Kind), char> Cells = ParseTable();

    public static readonly IReadOnlyList<string> Codes = Cells.Keys.Select(k
        => k.Code).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>The table as the API hands it to the rules engine after loading it from screening_rules.</summary>
    public static readonly IReadOnlyDictionary<(string Code, ScreeningKindCode Kind), Effect> Rules =
        Cells.ToDictionary(cell => cell.Key, cell => cell.Value switch
        {
            'A' => Effect.Absolute,
            'R' => Effect.Relative,
            'D' => Effect.DayOf,
            'W' => Effect.Warning,
            '—' => Effect.None,
            _ => throw new InvalidOperationException($"unknown symbol {cell.Value}"),
        });

    private static Dictionary<(string, ScreeningKindCode), char> ParseTable()
    {
        var cells = new Dictionary<(string, ScreeningKindCode), char>();
        foreach (var line in Table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 1 + Kinds.Length) throw new InvalidOperationException($"bad table row: {line}");
            for (var i = 0; i < Kinds.Length; i++)
                cells.Add((parts[0], Kinds[i]), parts[i + 1].Single());
        }
        return cells;
    }
}
