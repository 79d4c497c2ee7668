using System;

namespace AutoDiff.Generator.Model;

/// <summary>
/// A typed constant. Reals are kept as the bits of a double (a float converts to double exactly), so two
/// constants are equal exactly when they print the same: <c>0.0</c> and <c>-0.0</c> differ, NaN equals NaN.
/// </summary>
internal readonly record struct Constant(ScalarType Type, long Bits)
{
    public static Constant Real(double value, ScalarType type = ScalarType.Double) =>
        new(type, BitConverter.DoubleToInt64Bits(type == ScalarType.Float ? (float)value : value));

    public static Constant Integer(long value, ScalarType type = ScalarType.Int) => new(type, value);

    public static Constant Boolean(bool value) => new(ScalarType.Bool, value ? 1 : 0);

    /// <summary>The value as a double (reals and integers alike).</summary>
    public double Value => Type.IsReal() ? BitConverter.Int64BitsToDouble(Bits) : Type == ScalarType.Bool ? Bits : (double)Bits;

    public bool IsTrue => Type == ScalarType.Bool && Bits != 0;

    public bool IsFalse => Type == ScalarType.Bool && Bits == 0;

    /// <summary>The same value as a constant of <paramref name="type"/> (a real written as an integer stays one when it is whole).</summary>
    public Constant As(ScalarType type) => type.IsReal() ? Real(Value, type) : type == ScalarType.Bool ? Boolean(Value != 0) : Integer((long)Value, type);
}
