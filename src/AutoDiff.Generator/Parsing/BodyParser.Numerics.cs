using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiff.Generator.Parsing;

/// <summary>
/// System.Numerics (<c>Vector2</c>, <c>Vector3</c>, <c>Vector4</c>, <c>Quaternion</c>, <c>Complex</c>) and
/// <c>Math.SinCos</c>, defined on their leaves the way the runtime computes them: their code is in another
/// assembly, so each member the generator knows is written here once as arithmetic and rule-table functions,
/// which both modes then differentiate. A member not here is reported, naming it.
/// </summary>
internal sealed partial class BodyParser
{
    private const string Vector2Type = "System.Numerics.Vector2";
    private const string Vector3Type = "System.Numerics.Vector3";
    private const string Vector4Type = "System.Numerics.Vector4";
    private const string QuaternionType = "System.Numerics.Quaternion";
    private const string ComplexType = "System.Numerics.Complex";

    /// <summary>Constants: <c>Vector3.UnitX</c>, <c>Quaternion.Identity</c>, <c>Complex.ImaginaryOne</c>, ...</summary>
    private Value? NumericsStaticProperty(ISymbol member)
    {
        if (member.ContainingType is not { } owner || !CompositeLayouts.IsNumerics(owner) || LayoutOf(owner) is not { } layout)
        {
            return null;
        }

        int n = layout.LeafCount;
        double[]? values = member.Name switch
        {
            "Zero" => new double[n],
            "One" when CompositeLayouts.MetadataName(owner) == ComplexType => new[] { 1.0, 0 },
            "One" => Enumerable.Repeat(1.0, n).ToArray(),
            "Identity" => new[] { 0.0, 0, 0, 1 },
            "ImaginaryOne" => new[] { 0.0, 1 },
            "UnitX" => Unit(n, 0),
            "UnitY" => Unit(n, 1),
            "UnitZ" => Unit(n, 2),
            "UnitW" => Unit(n, 3),
            _ => null,
        };
        return values is null ? null : ConstantComposite(layout, values);
    }

    private static double[] Unit(int n, int axis)
    {
        var unit = new double[n];
        unit[axis] = 1;
        return unit;
    }

    private static CompositeValue ConstantComposite(CompositeLayout layout, double[] values)
    {
        ScalarType[] types = layout.Leaves().Select(l => l.Type).ToArray();
        return new CompositeValue(layout, values.Select((v, i) => (Expr)Literals.Make(Model.Constant.Real(v, types[i]))).ToArray());
    }

    /// <summary>Computed properties: <c>Complex.Magnitude</c>, <c>Complex.Phase</c>.</summary>
    private Value? NumericsProperty(CompositeValue receiver, string name)
    {
        if (receiver.Layout.Display != "Complex")
        {
            return null;
        }

        Expr re = receiver.Leaves[0], im = receiver.Leaves[1];
        return name switch
        {
            "Magnitude" => new ScalarValue(Hypot(re, im)),
            "Phase" => new ScalarValue(Fn("Atan2", im, re)),
            _ => null,
        };
    }

    /// <summary>A call, constructor or operator of System.Numerics, or <c>SinCos</c>; null when the method is not one of them.</summary>
    private Value? NumericsCall(IMethodSymbol method, IOperation? instance, IReadOnlyList<IOperation> arguments, IOperation where)
    {
        if (!IsSinCos(method) && !CompositeLayouts.IsNumerics(method.ContainingType))
        {
            return null;
        }

        var values = new List<Value>();
        if (instance is not null && !method.IsStatic)
        {
            values.Add(ConvertValue(instance));
        }

        values.AddRange(arguments.Select(ConvertValue));
        return NumericsOnValues(method, values, where) ?? UnknownNumerics(method, where);
    }

    private Value? UnknownNumerics(IMethodSymbol method, IOperation where)
    {
        Diagnostics.Add(DiagnosticInfo.Create(
            DiagnosticDescriptors.MemberWithoutSource,
            LocationInfo.From(where.Syntax),
            Display(method),
            "AutoDiff has no built-in definition of it (it knows the operators, constructors, Dot, Cross, Length, LengthSquared, Normalize, Distance, "
                + "DistanceSquared, Lerp, Min, Max, Abs, Clamp, SquareRoot, Reflect and Transform of vectors; Conjugate, Inverse, Normalize, Concatenate, "
                + "CreateFromAxisAngle and CreateFromYawPitchRoll of quaternions; Abs, Exp, Log, Sqrt, Pow, Sin, Cos, Conjugate, Reciprocal and "
                + "FromPolarCoordinates of complex numbers); write it with the fields X, Y, Z, W (Real, Imaginary)"));
        return null;
    }

    /// <summary>The definitions, on values already read (the receiver of an instance method first).</summary>
    private Value? NumericsOnValues(IMethodSymbol method, IReadOnlyList<Value> values, IOperation where)
    {
        if (IsSinCos(method) && values.Count == 1 && values[0] is ScalarValue angle && LayoutOf(method.ReturnType) is { } pair)
        {
            Expr x = ConvertTo(angle.Expr, pair.Leaves().First().Type);
            return new CompositeValue(pair, new[] { Fn("Sin", x), Fn("Cos", x) });
        }

        string owner = CompositeLayouts.MetadataName(method.ContainingType);
        if (!CompositeLayouts.IsNumerics(method.ContainingType) || LayoutOf(method.ContainingType) is not { } self)
        {
            return null;
        }

        ScalarType real = self.Leaves().First().Type;
        CompositeValue? result = null;
        Expr? scalar = null;
        Expr[]? v(int i) => i < values.Count && values[i] is CompositeValue c ? c.Leaves.Select(l => ConvertTo(l, real)).ToArray() : null;
        Expr? s(int i) => i < values.Count && values[i] is ScalarValue sv && sv.Expr.Type != ScalarType.Data ? ConvertTo(sv.Expr, real) : null;
        CompositeValue Make(Expr[] leaves) => new(self, leaves);
        string name = method.MethodKind == MethodKind.Constructor ? ".ctor" : method.Name;

        if (owner == ComplexType)
        {
            return Complex(method, name, values, self, where);
        }

        bool vector = owner != QuaternionType;
        Expr[]? a = v(0), b = v(1);
        Expr? sa = s(0), sb = s(1);
        switch (name)
        {
            case ".ctor":
                {
                    // new Vector3(x, y, z), new Vector3(v2, z), new Vector4(v3, w), new Vector3(value), new Quaternion(v3, w)
                    var leaves = new List<Expr>();
                    foreach (Value value in values)
                    {
                        leaves.AddRange(value is CompositeValue c ? c.Leaves.Select(l => ConvertTo(l, real)) : new[] { ConvertTo(((ScalarValue)value).Expr, real) });
                    }

                    if (leaves.Count == 1 && self.LeafCount > 1)
                    {
                        leaves = Enumerable.Repeat(leaves[0], self.LeafCount).ToList();
                    }

                    if (leaves.Count == self.LeafCount)
                    {
                        result = Make(leaves.ToArray());
                    }

                    break;
                }

            case "op_Addition" or "Add" when a is not null && b is not null:
                result = Make(a.Zip(b, Add).ToArray());
                break;
            case "op_Subtraction" or "Subtract" when a is not null && b is not null:
                result = Make(a.Zip(b, Sub).ToArray());
                break;
            case "op_UnaryNegation" or "Negate" when a is not null:
                result = Make(a.Select(Neg).ToArray());
                break;
            case "op_UnaryPlus" when a is not null:
                result = Make(a);
                break;
            case "op_Multiply" or "Multiply" when a is not null && sb is not null:
                result = Make(a.Select(x => Mul(x, sb)).ToArray());
                break;
            case "op_Multiply" or "Multiply" when sa is not null && b is not null:
                result = Make(b.Select(x => Mul(sa, x)).ToArray());
                break;
            case "op_Multiply" or "Multiply" when vector && a is not null && b is not null:
                result = Make(a.Zip(b, Mul).ToArray());
                break;
            case "op_Multiply" or "Multiply" when !vector && a is not null && b is not null:
                result = Make(QuaternionProduct(a, b));
                break;
            case "Concatenate" when a is not null && b is not null:
                result = Make(QuaternionProduct(b, a));
                break;
            case "op_Division" or "Divide" when a is not null && sb is not null:
                result = Make(a.Select(x => Div(x, sb)).ToArray());
                break;
            case "op_Division" or "Divide" when vector && a is not null && b is not null:
                result = Make(a.Zip(b, Div).ToArray());
                break;
            case "op_Division" or "Divide" when !vector && a is not null && b is not null:
                result = Make(QuaternionProduct(a, Inverse(b)));
                break;
            case "op_Equality" when a is not null && b is not null:
                scalar = a.Zip(b, (x, y) => (Expr)new BinaryExpr(ScalarType.Bool, string.Empty, BinaryOperator.Equal, x, y))
                    .Aggregate((x, y) => new BinaryExpr(ScalarType.Bool, string.Empty, BinaryOperator.ConditionalAnd, x, y));
                break;
            case "op_Inequality" when a is not null && b is not null:
                scalar = a.Zip(b, (x, y) => (Expr)new BinaryExpr(ScalarType.Bool, string.Empty, BinaryOperator.NotEqual, x, y))
                    .Aggregate((x, y) => new BinaryExpr(ScalarType.Bool, string.Empty, BinaryOperator.ConditionalOr, x, y));
                break;
            case "Dot" when a is not null && b is not null:
                scalar = Dot(a, b);
                break;
            case "LengthSquared" when a is not null:
                scalar = Dot(a, a);
                break;
            case "Length" when a is not null:
                scalar = Fn("Sqrt", Dot(a, a));
                break;
            case "Distance" when a is not null && b is not null:
                {
                    Expr[] d = a.Zip(b, Sub).ToArray();
                    scalar = Fn("Sqrt", Dot(d, d));
                    break;
                }

            case "DistanceSquared" when a is not null && b is not null:
                {
                    Expr[] d = a.Zip(b, Sub).ToArray();
                    scalar = Dot(d, d);
                    break;
                }

            case "Normalize" when a is not null:
                {
                    Expr length = Fn("Sqrt", Dot(a, a));
                    result = Make(a.Select(x => Div(x, length)).ToArray());
                    break;
                }

            case "Cross" when a is not null && b is not null && a.Length == 3:
                result = Make(new[]
                {
                    Sub(Mul(a[1], b[2]), Mul(a[2], b[1])),
                    Sub(Mul(a[2], b[0]), Mul(a[0], b[2])),
                    Sub(Mul(a[0], b[1]), Mul(a[1], b[0])),
                });
                break;
            case "Lerp" when vector && a is not null && b is not null && s(2) is { } amount:
                result = Make(a.Zip(b, (x, y) => Add(Mul(x, Sub(Lit(1, real), amount)), Mul(y, amount))).ToArray());
                break;
            case "Min" when a is not null && b is not null:
                result = Make(a.Zip(b, (x, y) => Fn("Min", x, y)).ToArray());
                break;
            case "Max" when a is not null && b is not null:
                result = Make(a.Zip(b, (x, y) => Fn("Max", x, y)).ToArray());
                break;
            case "Abs" when a is not null:
                result = Make(a.Select(x => Fn("Abs", x)).ToArray());
                break;
            case "SquareRoot" when a is not null:
                result = Make(a.Select(x => Fn("Sqrt", x)).ToArray());
                break;
            case "Clamp" when a is not null && b is not null && v(2) is { } high:
                result = Make(a.Select((x, i) => Fn("Min", Fn("Max", x, b[i]), high[i])).ToArray());
                break;
            case "Reflect" when a is not null && b is not null:
                {
                    Expr twice = Mul(Lit(2, real), Dot(a, b));
                    result = Make(a.Select((x, i) => Sub(x, Mul(twice, b[i]))).ToArray());
                    break;
                }

            case "Transform" when a is not null && values.Count == 2 && values[1] is CompositeValue { Layout.Display: "Quaternion" } rotation:
                result = Make(Rotate(a, rotation.Leaves.Select(l => ConvertTo(l, real)).ToArray()));
                break;
            case "Conjugate" when !vector && a is not null:
                result = Make(new[] { Neg(a[0]), Neg(a[1]), Neg(a[2]), a[3] });
                break;
            case "Inverse" when !vector && a is not null:
                result = Make(Inverse(a));
                break;
            case "CreateFromAxisAngle" when values.Count == 2 && values[0] is CompositeValue axis && s(1) is { } turn:
                {
                    Expr half = Mul(turn, Lit(0.5, real));
                    Expr sine = Fn("Sin", half);
                    result = Make(axis.Leaves.Select(l => Mul(ConvertTo(l, real), sine)).Append(Fn("Cos", half)).ToArray());
                    break;
                }

            case "CreateFromYawPitchRoll" when sa is not null && sb is not null && s(2) is { } roll:
                {
                    Expr half(Expr e) => Mul(e, Lit(0.5, real));
                    Expr sr = Fn("Sin", half(roll)), cr = Fn("Cos", half(roll));
                    Expr sp = Fn("Sin", half(sb)), cp = Fn("Cos", half(sb));
                    Expr sy = Fn("Sin", half(sa)), cy = Fn("Cos", half(sa));
                    result = Make(new[]
                    {
                        Add(Mul(Mul(cy, sp), cr), Mul(Mul(sy, cp), sr)),
                        Sub(Mul(Mul(sy, cp), cr), Mul(Mul(cy, sp), sr)),
                        Sub(Mul(Mul(cy, cp), sr), Mul(Mul(sy, sp), cr)),
                        Add(Mul(Mul(cy, cp), cr), Mul(Mul(sy, sp), sr)),
                    });
                    break;
                }
        }

        if (result is not null && LayoutOf(method.ReturnType) is { } returned && !returned.Equals(self))
        {
            return Reshape(result, returned);
        }

        return (Value?)result ?? (scalar is null ? null : new ScalarValue(scalar));
    }

    /// <summary>Complex arithmetic and functions, (re, im) in double.</summary>
    private Value? Complex(IMethodSymbol method, string name, IReadOnlyList<Value> values, CompositeLayout self, IOperation where)
    {
        const ScalarType real = ScalarType.Double;
        Expr[]? c(int i) => i >= values.Count ? null
            : values[i] is CompositeValue composite ? composite.Leaves.Select(l => ConvertTo(l, real)).ToArray()
            : values[i] is ScalarValue { Expr.Type: not ScalarType.Data } scalar ? new[] { ConvertTo(scalar.Expr, real), Lit(0, real) }
            : null;
        Expr? s(int i) => i < values.Count && values[i] is ScalarValue { Expr.Type: not ScalarType.Data } scalar ? ConvertTo(scalar.Expr, real) : null;
        CompositeValue Make(Expr re, Expr im) => new(self, new[] { re, im });
        Expr[]? a = c(0), b = c(1);
        switch (name)
        {
            case ".ctor" when s(0) is { } re && s(1) is { } im:
                return Make(re, im);
            case "op_Implicit" or "op_Explicit" when a is not null:
                return Make(a[0], a[1]);
            case "op_Addition" or "Add" when a is not null && b is not null:
                return Make(Add(a[0], b[0]), Add(a[1], b[1]));
            case "op_Subtraction" or "Subtract" when a is not null && b is not null:
                return Make(Sub(a[0], b[0]), Sub(a[1], b[1]));
            case "op_UnaryNegation" or "Negate" when a is not null:
                return Make(Neg(a[0]), Neg(a[1]));
            case "op_UnaryPlus" when a is not null:
                return Make(a[0], a[1]);
            case "op_Multiply" or "Multiply" when a is not null && b is not null:
                {
                    Expr[] p = ComplexProduct(a, b);
                    return Make(p[0], p[1]);
                }
            case "op_Division" or "Divide" when a is not null && b is not null:
                {
                    Expr[] q = ComplexQuotient(a, b);
                    return Make(q[0], q[1]);
                }

            case "op_Equality" when a is not null && b is not null:
                return new ScalarValue(new BinaryExpr(
                    ScalarType.Bool, string.Empty, BinaryOperator.ConditionalAnd,
                    new BinaryExpr(ScalarType.Bool, string.Empty, BinaryOperator.Equal, a[0], b[0]),
                    new BinaryExpr(ScalarType.Bool, string.Empty, BinaryOperator.Equal, a[1], b[1])));
            case "Abs" when a is not null:
                return new ScalarValue(Hypot(a[0], a[1]));
            case "Conjugate" when a is not null:
                return Make(a[0], Neg(a[1]));
            case "Reciprocal" when a is not null:
                {
                    Expr[] q = ComplexQuotient(new[] { Lit(1, real), Lit(0, real) }, a);
                    return Make(q[0], q[1]);
                }

            case "Exp" when a is not null:
                {
                    Expr scale = Fn("Exp", a[0]);
                    return Make(Mul(scale, Fn("Cos", a[1])), Mul(scale, Fn("Sin", a[1])));
                }

            case "Log" when a is not null && values.Count == 1:
                return Make(Fn("Log", Hypot(a[0], a[1])), Fn("Atan2", a[1], a[0]));
            case "Sqrt" when a is not null:
                {
                    Expr radius = Fn("Sqrt", Hypot(a[0], a[1]));
                    Expr half = Mul(Lit(0.5, real), Fn("Atan2", a[1], a[0]));
                    return Make(Mul(radius, Fn("Cos", half)), Mul(radius, Fn("Sin", half)));
                }

            case "Pow" when a is not null && s(1) is { } power:
                {
                    Expr radius = Fn("Pow", Hypot(a[0], a[1]), power);
                    Expr angle = Mul(power, Fn("Atan2", a[1], a[0]));
                    return Make(Mul(radius, Fn("Cos", angle)), Mul(radius, Fn("Sin", angle)));
                }

            case "Sin" when a is not null:
                return Make(Mul(Fn("Sin", a[0]), Fn("Cosh", a[1])), Mul(Fn("Cos", a[0]), Fn("Sinh", a[1])));
            case "Cos" when a is not null:
                return Make(Mul(Fn("Cos", a[0]), Fn("Cosh", a[1])), Neg(Mul(Fn("Sin", a[0]), Fn("Sinh", a[1]))));
            case "FromPolarCoordinates" when s(0) is { } magnitude && s(1) is { } phase:
                return Make(Mul(magnitude, Fn("Cos", phase)), Mul(magnitude, Fn("Sin", phase)));
            default:
                return null;
        }
    }

    private static Expr[] ComplexProduct(Expr[] a, Expr[] b) => new[]
    {
        Sub(Mul(a[0], b[0]), Mul(a[1], b[1])),
        Add(Mul(a[1], b[0]), Mul(a[0], b[1])),
    };

    private static Expr[] ComplexQuotient(Expr[] a, Expr[] b)
    {
        Expr denominator = Add(Mul(b[0], b[0]), Mul(b[1], b[1]));
        return new[]
        {
            Div(Add(Mul(a[0], b[0]), Mul(a[1], b[1])), denominator),
            Div(Sub(Mul(a[1], b[0]), Mul(a[0], b[1])), denominator),
        };
    }

    /// <summary>The Hamilton product <c>a · b</c> of quaternions (x, y, z, w), as <c>Quaternion.operator *</c> computes it.</summary>
    private static Expr[] QuaternionProduct(Expr[] a, Expr[] b)
    {
        Expr cx = Sub(Mul(a[1], b[2]), Mul(a[2], b[1]));
        Expr cy = Sub(Mul(a[2], b[0]), Mul(a[0], b[2]));
        Expr cz = Sub(Mul(a[0], b[1]), Mul(a[1], b[0]));
        Expr dot = Add(Add(Mul(a[0], b[0]), Mul(a[1], b[1])), Mul(a[2], b[2]));
        return new[]
        {
            Add(Add(Mul(a[0], b[3]), Mul(b[0], a[3])), cx),
            Add(Add(Mul(a[1], b[3]), Mul(b[1], a[3])), cy),
            Add(Add(Mul(a[2], b[3]), Mul(b[2], a[3])), cz),
            Sub(Mul(a[3], b[3]), dot),
        };
    }

    private static Expr[] Inverse(Expr[] q)
    {
        Expr norm = Dot(q, q);
        return new[] { Neg(Div(q[0], norm)), Neg(Div(q[1], norm)), Neg(Div(q[2], norm)), Div(q[3], norm) };
    }

    /// <summary><c>Vector3.Transform(v, q)</c>: v rotated by the unit quaternion q, as the runtime computes it.</summary>
    private static Expr[] Rotate(Expr[] v, Expr[] q)
    {
        ScalarType real = v[0].Type;
        Expr x2 = Add(q[0], q[0]), y2 = Add(q[1], q[1]), z2 = Add(q[2], q[2]);
        Expr wx2 = Mul(q[3], x2), wy2 = Mul(q[3], y2), wz2 = Mul(q[3], z2);
        Expr xx2 = Mul(q[0], x2), xy2 = Mul(q[0], y2), xz2 = Mul(q[0], z2);
        Expr yy2 = Mul(q[1], y2), yz2 = Mul(q[1], z2), zz2 = Mul(q[2], z2);
        Expr one = Lit(1, real);
        Expr[] rows =
        {
            Sub(Sub(one, yy2), zz2), Sub(xy2, wz2), Add(xz2, wy2),
            Add(xy2, wz2), Sub(Sub(one, xx2), zz2), Sub(yz2, wx2),
            Sub(xz2, wy2), Add(yz2, wx2), Sub(Sub(one, xx2), yy2),
        };
        var result = new Expr[v.Length];
        for (int i = 0; i < 3; i++)
        {
            result[i] = Add(Add(Mul(v[0], rows[3 * i]), Mul(v[1], rows[(3 * i) + 1])), Mul(v[2], rows[(3 * i) + 2]));
        }

        for (int i = 3; i < v.Length; i++)
        {
            result[i] = v[i];
        }

        return result;
    }

    private static Expr Dot(Expr[] a, Expr[] b) => a.Zip(b, Mul).Aggregate(Add);

    private static Expr Add(Expr a, Expr b) => new BinaryExpr(a.Type, string.Empty, BinaryOperator.Add, a, b);

    private static Expr Sub(Expr a, Expr b) => new BinaryExpr(a.Type, string.Empty, BinaryOperator.Subtract, a, b);

    private static Expr Mul(Expr a, Expr b) => new BinaryExpr(a.Type, string.Empty, BinaryOperator.Multiply, a, b);

    private static Expr Div(Expr a, Expr b) => new BinaryExpr(a.Type, string.Empty, BinaryOperator.Divide, a, b);

    private static Expr Neg(Expr a) => new UnaryExpr(a.Type, string.Empty, UnaryOperator.Negate, a);

    private static Expr Lit(double value, ScalarType type) => Literals.Make(Model.Constant.Real(value, type));

    /// <summary>A rule-table function on <c>Math</c> (double) or <c>MathF</c> (float).</summary>
    private static Expr Fn(string name, params Expr[] arguments)
    {
        ScalarType type = arguments[0].Type;
        return new MathCallExpr(type, string.Empty, type == ScalarType.Float ? "MathF" : "Math", name, new Helpers.EquatableArray<Expr>(arguments));
    }

    /// <summary>√(a² + b²) without overflow, with partials (0, 0) at the origin: <c>double.Hypot</c> or <c>float.Hypot</c>.</summary>
    private static Expr Hypot(Expr a, Expr b) =>
        new MathCallExpr(a.Type, string.Empty, a.Type == ScalarType.Float ? "float" : "double", "Hypot", new Helpers.EquatableArray<Expr>(new[] { a, b }));
}
