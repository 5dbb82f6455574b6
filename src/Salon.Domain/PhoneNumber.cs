namespace Salon.Domain;

/// <summary>A phone number normalised to E.164 so that "8 (916) 123-45-67" and "+7 916 1234567" are one
/// client.</summary>
public static class PhoneNumber
{
    public static bool TryNormalize(string? input, out string normalized)
    {
        normalized = "";
        if (string.IsNullOrWhiteSpace(input) || input.Length > 32)
            return false;

        var trimmed = input.Trim();
        var hasPlus = trimmed.StartsWith('+');
        Span<char> digits = stackalloc char[32];
        var count = 0;
        foreach (var c in hasPlus ? trimmed[1..] : trimmed)
        {
            if (char.IsAsciiDigit(c))
                digits[count++] = c;
            else if (c is not (' ' or '-' or '(' or ')' or '.'))
                return false;
        }

        var d = new string(digits[..count]);
        if (!hasPlus)
        {
            // Russian habits: a domestic 8 prefix, or ten digits without any country code.
            if (d.Length == 11 && d[0] == '8') d = "7" + d[1..];
            else if (d.Length == 10 && d[0] == '9') d = "7" + d;
            else if (d.Length == 11 && d[0] == '7') { }
            else return false;
        }

        if (d.Length is < 8 or > 15 || d[0] == '0')
            return false;
        if (d[0] == '7' && d.Length != 11)
            return false;

        normalized = "+" + d;
        return true;
    }
}
