using System.Globalization;
using System.Text;

namespace AutoDiff.Generator.Tests.Infrastructure;

/// <summary>
/// Writes random [Differentiable] methods in ordinary C# from a seed (issue 14): tuple locals, deconstruction into new
/// and existing locals, swaps, <c>Math.SinCos</c>; a record struct and a struct with a constructor, with operators,
/// methods, properties and <c>with</c>, as locals, parameters, spans and results of helpers; tuple- and struct-returning
/// helpers (themselves vector-valued, so their Jacobians are checked too); <c>in</c> parameters, enum, <c>int[]</c> and
/// string data; <c>double[,]</c> parameters read in loops; and methods generic over their number type. Values stay bounded
/// (squashing functions, denominators above 1), so central differences are a fair reference.
/// </summary>
internal sealed class RandomOrdinaryPrograms
{
    /// <summary>The types every batch declares: the generated methods use them as users use their own.</summary>
    public const string Types = """
        public readonly record struct V2(double X, double Y)
        {
            public static V2 operator +(V2 a, V2 b) => new(a.X + b.X, a.Y + b.Y);

            public static V2 operator -(V2 a, V2 b) => new(a.X - b.X, a.Y - b.Y);

            public static V2 operator *(V2 v, double s) => new(v.X * s, v.Y * s);

            public double Dot(V2 other) => X * other.X + Y * other.Y;

            public double Norm => Math.Sqrt(1 + X * X + Y * Y);

            public V2 Rotated(double angle)
            {
                var (s, c) = Math.SinCos(angle);
                return new V2(c * X - s * Y, s * X + c * Y);
            }
        }

        public struct P3
        {
            public double A, B, C;

            public P3(double a, double b, double c)
            {
                A = a;
                B = b;
                C = c;
            }

            public static P3 operator *(double s, P3 p) => new(s * p.A, s * p.B, s * p.C);

            public readonly double Sum => A + B + C;
        }

        public enum Kind
        {
            First,
            Second,
        }

        """;

    private sealed record Variable(string Name, string Type, bool Writable);

    private readonly Random _random;
    private readonly List<(string Name, string Kind)> _helpers = new();
    private List<Variable> _variables = new();
    private int _names;

    public RandomOrdinaryPrograms(int seed) => _random = new Random(seed);

    /// <summary>A class of helpers then <paramref name="methods"/> methods, after the shared types.</summary>
    public string Class(string name, int methods)
    {
        var text = new StringBuilder(GeneratorHarness.Usings).Append("using System.Numerics;\n\n")
            .Append("public sealed class SampleLengthAttribute(int length) : Attribute\n{\n    public int Length => length;\n}\n\n")
            .Append("public sealed class SampleShapeAttribute(int rows, int columns) : Attribute\n{\n    public int Rows => rows;\n\n    public int Columns => columns;\n}\n\n")
            .Append(Types)
            .Append("public static partial class ").Append(name).Append("\n{\n");
        text.Append(TupleHelper("H0")).Append('\n');
        text.Append(StructHelper("H1")).Append('\n');
        for (int i = 0; i < methods; i++)
        {
            text.Append(_random.Next(6) == 0 ? GenericMethod("M" + N(i)) : Method("M" + N(i))).Append('\n');
        }

        return text.Append("}\n").ToString();
    }

    private static string N(int i) => i.ToString(CultureInfo.InvariantCulture);

    private string Fresh(string prefix) => prefix + N(_names++);

    private void Reset()
    {
        _variables = new List<Variable>();
        _names = 0;
    }

    // ---------------------------------------------------------------- helpers (checked themselves, and called)

    private string TupleHelper(string name)
    {
        Reset();
        _variables.Add(new Variable("a", "double", false));
        _variables.Add(new Variable("b", "double", false));
        _helpers.Add((name, "tuple"));
        return $"    [Differentiable]\n    public static (double First, double Second) {name}(double a, double b) => ({Real(2)}, {Real(2)});\n";
    }

    private string StructHelper(string name)
    {
        Reset();
        _variables.Add(new Variable("p", "V2", false));
        _variables.Add(new Variable("s", "double", false));
        _helpers.Add((name, "struct"));
        return $"    [Differentiable]\n    public static V2 {name}(V2 p, double s)\n    {{\n        V2 q = p.Rotated({Real(1)});\n        return q * Math.Tanh({Real(2)}) + new V2({Real(1)}, {Real(1)});\n    }}\n";
    }

    // ---------------------------------------------------------------- methods

    private string Method(string name)
    {
        Reset();
        var parameters = new List<string>();
        void Add(string declaration, Variable variable)
        {
            parameters.Add(declaration);
            _variables.Add(variable);
        }

        int scalars = _random.Next(1, 3);
        for (int i = 0; i < scalars; i++)
        {
            bool passedIn = _random.Next(4) == 0;
            Add((passedIn ? "in " : string.Empty) + "double x" + N(i), new Variable("x" + N(i), "double", !passedIn));
        }

        int structs = _random.Next(0, 3);
        for (int i = 0; i < structs; i++)
        {
            Add("V2 v" + N(i), new Variable("v" + N(i), "V2", false));
        }

        if (_random.Next(3) == 0)
        {
            Add("P3 p0", new Variable("p0", "P3", false));
        }

        string? span = null;
        if (_random.Next(3) == 0)
        {
            span = "ps";
            parameters.Add($"[SampleLength({N(_random.Next(1, 4))})] ReadOnlySpan<V2> ps");
        }

        string? matrix = null;
        if (_random.Next(3) == 0)
        {
            matrix = "m";
            parameters.Add($"{(_random.Next(2) == 0 ? "[NoDerivative] " : string.Empty)}[SampleShape({N(_random.Next(1, 4))}, {N(_random.Next(1, 4))})] double[,] m");
        }

        bool kind = _random.Next(3) == 0;
        if (kind)
        {
            parameters.Add("Kind kind");
        }

        bool labels = _random.Next(4) == 0;
        if (labels)
        {
            parameters.Add("[SampleLength(3)] int[] labels");
        }

        parameters = parameters.OrderBy(_ => _random.Next()).ToList();
        var body = new StringBuilder();
        int statements = _random.Next(2, 6);
        for (int i = 0; i < statements; i++)
        {
            body.Append(Statement("        ", span, matrix, kind, labels));
        }

        body.Append($"        return {Real(3)};\n");
        return $"    [Differentiable]\n    public static double {name}({string.Join(", ", parameters)})\n    {{\n{body}    }}\n";
    }

    private string Statement(string indent, string? span, string? matrix, bool kind, bool labels)
    {
        switch (_random.Next(12))
        {
            case 0:
                {
                    // A tuple declared by deconstruction.
                    string a = Fresh("a"), b = Fresh("b");
                    string line = $"{indent}var ({a}, {b}) = ({Real(2)}, {Real(2)});\n";
                    _variables.Add(new Variable(a, "double", true));
                    _variables.Add(new Variable(b, "double", true));
                    return line;
                }

            case 1:
                {
                    // A swap, or a simultaneous update of two locals.
                    var writable = _variables.Where(v => v.Type == "double" && v.Writable).ToList();
                    if (writable.Count < 2)
                    {
                        goto case 0;
                    }

                    Variable a = Pick(writable), b = Pick(writable.Where(v => v != a).ToList());
                    return _random.Next(2) == 0
                        ? $"{indent}({a.Name}, {b.Name}) = ({b.Name}, {a.Name});\n"
                        : $"{indent}({a.Name}, {b.Name}) = (Math.Tanh({b.Name} + {Real(1)}), {a.Name} * 0.5);\n";
                }

            case 2:
                {
                    string s = Fresh("s"), c = Fresh("c");
                    string line = $"{indent}var ({s}, {c}) = Math.SinCos({Real(2)});\n";
                    _variables.Add(new Variable(s, "double", true));
                    _variables.Add(new Variable(c, "double", true));
                    return line;
                }

            case 3:
                {
                    // A struct local from operators, a constructor, a method of the struct or 'with'.
                    string w = Fresh("w");
                    string value = _random.Next(4) switch
                    {
                        0 => $"new V2({Real(2)}, {Real(2)})",
                        1 => $"{Vector()} + {Vector()} * {Real(1)}",
                        2 => $"{Vector()}.Rotated({Real(1)})",
                        _ => $"{Vector()} with {{ Y = {Real(1)} }}",
                    };
                    _variables.Add(new Variable(w, "V2", true));
                    return $"{indent}V2 {w} = {value};\n";
                }

            case 4:
                {
                    // A named tuple local, updated through its elements.
                    string t = Fresh("t");
                    string line = $"{indent}var {t} = (Lo: {Real(1)}, Hi: {Real(1)});\n{indent}{t}.Hi += Math.Sin({t}.Lo);\n";
                    _variables.Add(new Variable(t + ".Lo", "double", false));
                    _variables.Add(new Variable(t + ".Hi", "double", false));
                    return line;
                }

            case 5:
                {
                    // A call of the tuple-returning helper, deconstructed.
                    string f = Fresh("f"), g = Fresh("g");
                    string line = $"{indent}var ({f}, {g}) = H0({Real(2)}, {Real(2)});\n";
                    _variables.Add(new Variable(f, "double", true));
                    _variables.Add(new Variable(g, "double", true));
                    return line;
                }

            case 6:
                {
                    string r = Fresh("r");
                    string line = $"{indent}V2 {r} = H1({Vector()}, {Real(1)});\n";
                    _variables.Add(new Variable(r, "V2", true));
                    return line;
                }

            case 7 when span is not null:
                {
                    string acc = Fresh("acc");
                    V(out string w);
                    string line = $"{indent}double {acc} = 0;\n{indent}foreach (V2 q in {span})\n{indent}{{\n{indent}    {acc} += Math.Tanh(q.Dot({w})) + q.Norm * 0.1;\n{indent}}}\n";
                    _variables.Add(new Variable(acc, "double", true));
                    return line;
                }

            case 8 when matrix is not null:
                {
                    string acc = Fresh("acc");
                    string line = $"{indent}double {acc} = 0;\n{indent}for (int i = 0; i < {matrix}.GetLength(0); i++)\n{indent}{{\n"
                        + $"{indent}    for (int j = 0; j < {matrix}.GetLength(1); j++)\n{indent}    {{\n"
                        + $"{indent}        {acc} += Math.Sin({matrix}[i, j] * {Real(1)}) / (1 + i + j);\n{indent}    }}\n{indent}}}\n";
                    _variables.Add(new Variable(acc, "double", true));
                    return line;
                }

            case 9 when kind:
                {
                    var writable = _variables.Where(v => v.Type == "double" && v.Writable).ToList();
                    if (writable.Count == 0)
                    {
                        goto case 0;
                    }

                    Variable target = Pick(writable);
                    return $"{indent}if (kind == Kind.First)\n{indent}{{\n{indent}    {target.Name} = {Real(2)};\n{indent}}}\n{indent}else\n{indent}{{\n{indent}    {target.Name} *= 0.5;\n{indent}}}\n";
                }

            case 10 when labels:
                {
                    string acc = Fresh("acc");
                    string line = $"{indent}double {acc} = labels[0] > 1 ? {Real(2)} : labels.Length * {Real(1)};\n";
                    _variables.Add(new Variable(acc, "double", true));
                    return line;
                }

            default:
                {
                    string z = Fresh("z");
                    string line = $"{indent}double {z} = {Real(3)};\n";
                    _variables.Add(new Variable(z, "double", true));
                    return line;
                }
        }
    }

    /// <summary>Generic over T: its locals and arithmetic in T.</summary>
    private string GenericMethod(string name)
    {
        Reset();
        int arity = _random.Next(1, 3);
        for (int i = 0; i < arity; i++)
        {
            _variables.Add(new Variable("x" + N(i), "T", false));
        }

        var body = new StringBuilder();
        int statements = _random.Next(0, 3);
        for (int i = 0; i < statements; i++)
        {
            string z = Fresh("z");
            body.Append($"        T {z} = {GenericReal(2)};\n");
            _variables.Add(new Variable(z, "T", true));
        }

        body.Append($"        return {GenericReal(3)};\n");
        string parameters = string.Join(", ", Enumerable.Range(0, arity).Select(i => "T x" + N(i)));
        return $"    [Differentiable]\n    public static T {name}<T>({parameters})\n        where T : IFloatingPointIeee754<T>\n    {{\n{body}    }}\n";
    }

    // ---------------------------------------------------------------- expressions

    private void V(out string name) => name = Vector();

    /// <summary>A V2 value: a parameter or local, or one built in place.</summary>
    private string Vector()
    {
        var vectors = _variables.Where(v => v.Type == "V2").ToList();
        return vectors.Count > 0 && _random.Next(4) != 0 ? Pick(vectors).Name : $"new V2({Leaf()}, {Leaf()})";
    }

    /// <summary>A real expression, bounded.</summary>
    private string Real(int depth)
    {
        if (depth == 0 || _random.Next(4) == 0)
        {
            return Leaf();
        }

        string a = Real(depth - 1);
        string b = Real(depth - 1);
        switch (_random.Next(14))
        {
            case 0:
            case 1: return $"({a} + {b})";
            case 2: return $"({a} - {b})";
            case 3: return $"({a} * {b})";
            case 4: return $"({a} / (1 + {b} * {b}))";
            case 5: return $"Math.Sin({a})";
            case 6: return $"Math.Tanh({a})";
            case 7: return $"Math.Log(1 + {a} * {a})";
            case 8: return $"Math.Sqrt(1 + {a} * {a})";
            case 9: return $"Math.Tanh({Vector()}.Dot({Vector()}))";
            case 10: return $"{Vector()}.Norm";
            case 11: return $"Math.Tanh(({Vector()} - {Vector()}).X)";
            case 12: return _variables.Any(v => v.Type == "P3") ? $"Math.Tanh(({a} * p0).Sum)" : $"({a} * 0.5)";
            default: return $"Math.Exp(Math.Sin({a}))";
        }
    }

    private string Leaf()
    {
        var reals = _variables.Where(v => v.Type is "double").ToList();
        switch (_random.Next(6))
        {
            case 0:
                return Literal();
            case 1 when _variables.Any(v => v.Type == "V2"):
                return Pick(_variables.Where(v => v.Type == "V2").ToList()).Name + (_random.Next(2) == 0 ? ".X" : ".Y");
            case 2 when _variables.Any(v => v.Type == "P3"):
                return "p0." + Pick(new[] { "A", "B", "C" });
            default:
                return reals.Count > 0 ? Pick(reals).Name : Literal();
        }
    }

    private string GenericReal(int depth)
    {
        if (depth == 0 || _random.Next(4) == 0)
        {
            var reals = _variables.Where(v => v.Type == "T").ToList();
            return _random.Next(5) == 0 ? $"T.CreateChecked({Literal()})" : Pick(reals).Name;
        }

        string a = GenericReal(depth - 1);
        string b = GenericReal(depth - 1);
        return _random.Next(9) switch
        {
            0 or 1 => $"({a} + {b})",
            2 => $"({a} - {b})",
            3 => $"({a} * {b})",
            4 => $"({a} / (T.One + {b} * {b}))",
            5 => $"T.Sin({a})",
            6 => $"T.Tanh({a})",
            7 => $"T.Log(T.One + {a} * {a})",
            _ => $"T.Exp(T.Sin({a}))",
        };
    }

    /// <summary>Always a double literal ("1.0", not "1").</summary>
    private string Literal() => (_random.NextDouble() * 4 - 2).ToString("0.0#", CultureInfo.InvariantCulture);

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
