using System.Globalization;
using System.Text;

namespace AutoDiff.Generator.Tests.Infrastructure;

/// <summary>
/// Writes random [Differentiable] methods from a seed: locals, re-assignment, compound assignment,
/// if/else, early returns, ?:, counted for loops, math functions (smooth ones and ones with kinks: Abs,
/// Max, Min, Clamp, Floor) and calls to earlier methods. Functions are kept inside their domains
/// (Log(1 + e²), Sqrt(1 + e²), ...) so every point is a fair test; kinks are left to the checker to skip.
/// Also guards that never fire (throw statements and expressions, ThrowIf helpers, Debug.Assert) and choices
/// next to infinite slopes: <c>Math.Sqrt(Math.Max(u, 0))</c> where the Max takes the constant, so the square
/// root's slope there is ∞ and only an adjoint routed to the taken argument keeps the derivative finite.
/// </summary>
internal sealed class RandomPrograms
{
    private readonly Random _random;
    private readonly List<(string Name, int Arity)> _methods = new();
    private List<string> _variables = new();
    private int _locals;

    public RandomPrograms(int seed) => _random = new Random(seed);

    public string Class(string name, int methods)
    {
        var source = new StringBuilder("using System;\nusing AutoDiff;\n\npublic static partial class ").Append(name).Append("\n{\n");
        for (int i = 0; i < methods; i++)
        {
            source.Append(Method("M" + i.ToString(CultureInfo.InvariantCulture))).Append('\n');
        }

        return source.Append("}\n").ToString();
    }

    private string Method(string name)
    {
        int arity = _random.Next(1, 4);
        _variables = Enumerable.Range(0, arity).Select(i => "p" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        _locals = 0;
        var body = new StringBuilder();
        int statements = _random.Next(1, 5);
        for (int i = 0; i < statements; i++)
        {
            body.Append(Statement("        "));
        }

        body.Append("        return ").Append(Expression(3)).Append(";\n");
        string parameters = string.Join(", ", Enumerable.Range(0, arity).Select(i => "double p" + i.ToString(CultureInfo.InvariantCulture)));
        _methods.Add((name, arity));
        return $"    [Differentiable]\n    public static double {name}({parameters})\n    {{\n{body}    }}\n";
    }

    private string Statement(string indent)
    {
        switch (_random.Next(7))
        {
            case 6:
                return Guard(indent);
            case 0:
            case 1:
                {
                    string local = "v" + _locals++.ToString(CultureInfo.InvariantCulture);
                    string line = $"{indent}double {local} = {Expression(3)};\n";
                    _variables.Add(local);
                    return line;
                }

            case 2:
                {
                    string target = Pick(_variables);
                    string op = Pick(new[] { "=", "+=", "-=", "*=", "/=" });
                    string value = op == "/=" ? $"(1.5 + Math.Sin({Expression(2)}))" : Expression(2);
                    return $"{indent}{target} {op} {value};\n";
                }

            case 3:
                {
                    string condition = Condition();
                    string then = Assignment(indent + "    ");
                    string otherwise = Assignment(indent + "    ");
                    return $"{indent}if ({condition})\n{indent}{{\n{then}{indent}}}\n{indent}else\n{indent}{{\n{otherwise}{indent}}}\n";
                }

            case 4:
                {
                    // A counted loop carrying a variable: bounded by the squashing update, so values stay finite.
                    string index = "i" + _locals++.ToString(CultureInfo.InvariantCulture);
                    string target = Pick(_variables);
                    string update = $"{target} = 0.5 * {target} + Math.Sin({Expression(2)} + {index} * 0.25)";
                    return $"{indent}for (int {index} = 0; {index} < {_random.Next(1, 4)}; {index}++)\n{indent}{{\n{indent}    {update};\n{indent}}}\n";
                }

            default:
                return $"{indent}if ({Condition()})\n{indent}{{\n{indent}    return {Expression(2)};\n{indent}}}\n";
        }
    }

    /// <summary>A guard that never fires on the checker's points.</summary>
    private string Guard(string indent)
    {
        string variable = Pick(_variables);
        switch (_random.Next(4))
        {
            case 0:
                return $"{indent}if (double.IsNaN({Expression(2)}))\n{indent}{{\n{indent}    throw new ArgumentException(\"not a number\");\n{indent}}}\n";
            case 1:
                return $"{indent}ArgumentOutOfRangeException.ThrowIfGreaterThan({variable}, 1e6);\n";
            case 2:
                return $"{indent}System.Diagnostics.Debug.Assert(!double.IsInfinity({variable}), \"infinite\");\n";
            default:
                {
                    string local = "v" + _locals++.ToString(CultureInfo.InvariantCulture);
                    string line = $"{indent}double {local} = double.IsFinite({variable}) ? {Expression(2)} : throw new ArgumentOutOfRangeException(nameof({variable}));\n";
                    _variables.Add(local);
                    return line;
                }
        }
    }

    private string Assignment(string indent) => $"{indent}{Pick(_variables)} {Pick(new[] { "=", "+=", "*=" })} {Expression(2)};\n";

    private string Condition() => $"{Expression(1)} {Pick(new[] { "<", ">", "<=", ">=" })} {Literal()}";

    private string Expression(int depth)
    {
        if (depth == 0 || _random.Next(4) == 0)
        {
            return _random.Next(4) == 0 ? Literal() : Pick(_variables);
        }

        string a = Expression(depth - 1);
        string b = Expression(depth - 1);
        switch (_random.Next(26))
        {
            case 0: return $"({a} + {b})";
            case 1: return $"({a} - {b})";
            case 2: return $"({a} * {b})";
            case 3: return $"({a} / (1.5 + {b} * {b}))";
            case 4: return $"Math.Sin({a})";
            case 5: return $"Math.Cos({a})";
            case 6: return $"Math.Tanh({a})";
            case 7: return $"Math.Atan({a})";
            case 8: return $"Math.Exp(Math.Sin({a}))";
            case 9: return $"Math.Log(1 + {a} * {a})";
            case 10: return $"Math.Sqrt(1 + {a} * {a})";
            case 11: return $"Math.Pow(1.5 + Math.Sin({a}), {b} * 0.5)";
            case 12: return $"Math.Max({a}, {b})";
            case 13: return $"Math.Abs({a})";
            case 14: return $"({Condition()} ? {a} : {b})";
            case 15: return $"-({a})";
            case 16: return $"Math.Min({a}, {b})";
            case 17: return $"Math.Clamp({a}, -0.75, 0.75)";
            case 18: return $"Math.Atan2({a}, 1.5 + {b} * {b})";
            case 19: return $"double.Hypot({a}, 0.5 + {b} * {b})";
            case 20: return $"Math.Asinh({a})";
            case 21: return $"Math.FusedMultiplyAdd({a}, {b}, {Literal()})";
            case 22: return $"(Math.Floor({a}) * {b})";
            case 23: return $"(Math.Sqrt(Math.Max(Math.Tanh({b}) - 1.5, 0.0)) + {a})";
            case 24:
                return _random.Next(3) switch
                {
                    0 => $"(Math.Cbrt(Math.Clamp(Math.Tanh({b}), 1.5, 2.0) - 1.5) + {a})",
                    1 => $"(Math.Sqrt(1.0 - Math.Min(Math.Tanh({b}) + 2.5, 1.0)) * {a})",
                    _ => $"(Math.Tanh({b}) < 1.5 ? {a} : Math.Sqrt(Math.Tanh({b}) - 1.5))", // not < 1.0: tanh rounds to 1.0 past 19, and √0 then meets tanh's zero slope (∞ · 0, see RuleTable)
                };
            default:
                if (_methods.Count == 0)
                {
                    return $"({a} * 0.5)";
                }

                (string name, int arity) = Pick(_methods);
                // Arguments keep their outer parentheses: the tape once rejected them (FuzzReproducerTests).
                var arguments = Enumerable.Range(0, arity).Select(i => i == 0 ? a : i == 1 ? b : Pick(_variables));
                return $"Math.Tanh({name}({string.Join(", ", arguments)}))";
        }
    }

    /// <summary>Always a double literal ("1.0", not "1"): <c>Math.Floor(1)</c> is ambiguous between the double and decimal overloads.</summary>
    private string Literal() => (_random.NextDouble() * 4 - 2).ToString("0.0#", CultureInfo.InvariantCulture);

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
