using Salon.Domain;

namespace Salon.Domain.Tests;

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("8 (916) 123-45-67")]
    [InlineData("+7 916 1234567")]
    [InlineData("9161234567")]
    [InlineData("79161234567")]
    [InlineData("89161234567")]
    [InlineData("+7 (916) 123.45.67")]
    [InlineData("  +7-916-123-45-67  ")]
    public void The_ways_russians_write_one_mobile_number_normalise_to_the_same_e164(string input)
    {
        Assert.True(PhoneNumber.TryNormalize(input, out var normalized));
        Assert.Equal("+79161234567", normalized);
    }

    [Theory]
    [InlineData("+49 30 1234567", "+49301234567")]
    [InlineData("+375 29 123-45-67", "+375291234567")]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    public void A_foreign_number_with_a_plus_keeps_its_country_code(string input, string expected)
    {
        Assert.True(PhoneNumber.TryNormalize(input, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("8 (916) 123-45-6x")]
    [InlineData("+7 916 ABC 45 67")]
    [InlineData("8916123456seven")]
    [InlineData("+7 916 123/45/67")]
    [InlineData("+7 916 123 45 67 доб. 2")]
    public void Letters_and_other_symbols_are_refused(string input)
    {
        Assert.False(PhoneNumber.TryNormalize(input, out var normalized));
        Assert.Equal("", normalized);
    }

    [Theory]
    [InlineData("916123")]              // too short for any form
    [InlineData("8 916 123-45-6")]      // a domestic number one digit short
    [InlineData("+7 916 123-45-6")]     // +7 needs exactly ten more digits
    [InlineData("+7 916 123-45-678")]   // and not eleven
    [InlineData("8 916 123-45-678")]    // twelve digits after the 8
    [InlineData("+1234567")]            // seven digits: below E.164's shortest useful number
    [InlineData("+1234567890123456")]   // sixteen digits: beyond E.164
    [InlineData("1234567890")]          // ten digits not starting with 9: no country code to assume
    [InlineData("+0 916 123 45 67")]    // no country code starts with 0
    public void Numbers_too_short_too_long_or_without_a_country_are_refused(string input)
    {
        Assert.False(PhoneNumber.TryNormalize(input, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("+")]
    public void Empty_input_is_refused(string? input)
    {
        Assert.False(PhoneNumber.TryNormalize(input, out _));
    }

    [Fact]
    public void Input_longer_than_32_characters_is_refused_even_when_its_digits_are_fine()
    {
        Assert.True(PhoneNumber.TryNormalize("+7 916 123 45 67".PadRight(32), out _));
        Assert.False(PhoneNumber.TryNormalize("+7 916 123 45 67".PadRight(33), out _));
    }
}
