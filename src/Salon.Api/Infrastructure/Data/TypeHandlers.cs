using System.Data;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Salon.Api.Infrastructure.Data;

/// <summary>
/// SQLite has no uuid or timestamp type: ids are stored as lowercase text and instants as fixed-width
/// UTC text, so that text order is time order. PostgreSQL and SQL Server get native values, always in UTC.
/// </summary>
public static class TypeHandlers
{
    private const string SqliteInstantFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.RemoveTypeMap(typeof(Guid));
        SqlMapper.RemoveTypeMap(typeof(Guid?));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
        SqlMapper.AddTypeHandler(new GuidHandler());
        SqlMapper.AddTypeHandler(new InstantHandler());
        SqlMapper.RemoveTypeMap(typeof(DateOnly));
        SqlMapper.RemoveTypeMap(typeof(DateOnly?));
        SqlMapper.AddTypeHandler(new DateHandler());
        SqlMapper.AddTypeHandler(new KopecksHandler());
    }

    /// <summary>A salon-local date in its stored text form (<see cref="StoredDate"/>) on every database.</summary>
    private sealed class DateHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override void SetValue(IDbDataParameter parameter, DateOnly value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = StoredDate.Text(value);
        }

        public override DateOnly Parse(object value) => value switch
        {
            string s => StoredDate.Parse(s),
            DateOnly d => d,
            DateTime d => DateOnly.FromDateTime(d),
            _ => throw new DataException($"Cannot read a date from {value.GetType().Name}."),
        };
    }

    /// <summary>Money is a whole number of kopecks in a bigint column.</summary>
    private sealed class KopecksHandler : SqlMapper.TypeHandler<Salon.Domain.Kopecks>
    {
        public override void SetValue(IDbDataParameter parameter, Salon.Domain.Kopecks value)
        {
            parameter.DbType = DbType.Int64;
            parameter.Value = value.Value;
        }

        public override Salon.Domain.Kopecks Parse(object value) => new(Convert.ToInt64(value,
            CultureInfo.InvariantCulture));
    }

    /// <summary>The text form an instant takes in SQLite; also used where SQL compares instants as text.</summary>
    public static string SqliteInstant(DateTimeOffset value) =>
        value.UtcDateTime.ToString(SqliteInstantFormat, CultureInfo.InvariantCulture);

    private sealed class GuidHandler : SqlMapper.TypeHandler<Guid>
    {
        public override void SetValue(IDbDataParameter parameter, Guid value)
        {
            if (parameter is SqliteParameter)
            {
                parameter.DbType = DbType.String;
                parameter.Value = value.ToString("D");
            }
            else
            {
                parameter.DbType = DbType.Guid;
                parameter.Value = value;
            }
        }

        public override Guid Parse(object value) => value switch
        {
            Guid g => g,
            string s => Guid.Parse(s),
            byte[] b => new Guid(b),
            _ => throw new DataException($"Cannot read a uuid from {value.GetType().Name}."),
        };
    }

    private sealed class InstantHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            if (parameter is SqliteParameter)
            {
                parameter.DbType = DbType.String;
                parameter.Value = SqliteInstant(value);
            }
            else
            {
                parameter.DbType = DbType.DateTimeOffset;
                parameter.Value = value.ToUniversalTime();
            }
        }

        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTimeOffset d => d.ToUniversalTime(),
            DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
            string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal).ToUniversalTime(),
            _ => throw new DataException($"Cannot read an instant from {value.GetType().Name}."),
        };
    }
}
