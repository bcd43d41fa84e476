using System.Globalization;
using System.Numerics;

namespace FashionServerless.Shared.Metrics;

/// <summary>
/// Fixed-point text exactly as Python's <c>format(x, '.Nf')</c> writes it: the exact binary value rounded half to even.
/// .NET's "F" format rounds half away from zero, so 0.625 would print 0.63 where scikit-learn prints 0.62.
/// </summary>
internal static class FixedPointText
{
    public static string Format(double value, int digits)
    {
        if (!double.IsFinite(value))
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }

        long bits = BitConverter.DoubleToInt64Bits(value);
        bool negative = bits < 0;
        int exponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xF_FFFF_FFFF_FFFFL;
        if (exponent == 0)
        {
            exponent = 1; // subnormal
        }
        else
        {
            mantissa |= 1L << 52;
        }

        // |value| * 10^digits = mantissa * 10^digits * 2^(exponent - 1075), as numerator / denominator.
        int power = exponent - 1075;
        BigInteger numerator = mantissa * BigInteger.Pow(10, digits);
        BigInteger denominator = BigInteger.One;
        if (power >= 0)
        {
            numerator <<= power;
        }
        else
        {
            denominator <<= -power;
        }

        BigInteger quotient = BigInteger.DivRem(numerator, denominator, out BigInteger remainder);
        int half = (remainder * 2).CompareTo(denominator);
        if (half > 0 || (half == 0 && !quotient.IsEven))
        {
            quotient++;
        }

        string text = quotient.ToString(CultureInfo.InvariantCulture).PadLeft(digits + 1, '0');
        string withPoint = digits == 0 ? text : string.Concat(text.AsSpan(0, text.Length - digits), ".", text.AsSpan(text.Length - digits));
        return negative ? "-" + withPoint : withPoint;
    }
}
