using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;
using AutoDiff.Generator.Emitting;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Differentiation;

/// <summary>Turns rule templates into code for concrete operands.</summary>
internal static class RuleTemplates
{
    private static readonly Regex Placeholder = new(@"\{(\d+|y)\}", RegexOptions.CultureInvariant);
    private static readonly Regex MathClass = new(@"(?<![\w.])M\.", RegexOptions.CultureInvariant);
    private static readonly Regex DecimalLiteral = new(@"(?<![\w.])(\d+\.\d+)(?![\w.])", RegexOptions.CultureInvariant);

    /// <summary>The primal operation: the rule's template, or a call on <paramref name="receiver"/>.</summary>
    public static string Primal(LApply apply, MathNames math)
    {
        if (apply.Rule.Primal is { } template)
        {
            return Fill(template, apply.Arguments, result: null, apply.Arguments[0].Type, math);
        }

        var call = new StringBuilder(math.Receiver(apply.Receiver!)).Append('.').Append(apply.Rule.Name).Append('(');
        for (int i = 0; i < apply.Arguments.Count; i++)
        {
            call.Append(i == 0 ? string.Empty : ", ").Append(apply.Arguments[i].Code);
        }

        return call.Append(')').ToString();
    }

    /// <summary>The right-hand side of a primal statement that is not a call to another [Differentiable] method.</summary>
    public static string PrimalCode(LOp operation, LVar target, MathNames math) => operation switch
    {
        LApply apply => Primal(apply, math),
        LConvert convert => Convert(convert.Operand.Code, convert.Operand.Type, target.Type, math.IsOnDuals),
        LConstant constant => constant.Code,
        _ => throw new System.InvalidOperationException("Calls are emitted by each mode"),
    };

    /// <summary>A numeric conversion, when the types differ.</summary>
    /// <param name="onDuals">Code on dual numbers: float and double are both <c>Dual</c>, and a cast would drop the tangent.</param>
    public static string Convert(string code, ScalarType from, ScalarType to, bool onDuals = false) =>
        from == to || (onDuals && from.IsReal() && to.IsReal()) ? code : "(" + to.Keyword() + ")" + Parenthesize(code);

    /// <summary>∂f/∂argument as code, or null when it is zero.</summary>
    public static string? Partial(LApply apply, int argument, LVar result, MathNames math) =>
        apply.Rule.Partial(argument) is { } template ? Fill(template, apply.Arguments, result.Name, result.Type, math) : null;

    private static string Fill(string template, IReadOnlyList<Atom> arguments, string? result, ScalarType type, MathNames math)
    {
        string code = Placeholder.Replace(template, match =>
        {
            if (match.Groups[1].Value == "y")
            {
                return result!;
            }

            string operand = arguments[int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)].Code;
            return operand.StartsWith("-", System.StringComparison.Ordinal) ? "(" + operand + ")" : operand;
        });
        code = MathClass.Replace(code, math.For(type) + ".");
        return type == ScalarType.Float ? DecimalLiteral.Replace(code, "$1f") : code;
    }

    /// <summary><paramref name="factor"/> × <paramref name="partial"/>, simplified when the partial is ±1.</summary>
    public static string Scale(string factor, string partial)
    {
        switch (partial)
        {
            case "1":
                return factor;
            case "-1":
                return "-" + factor;
        }

        // factor · (1 / d) is written factor / d: one division instead of a division and a product.
        foreach (string sign in new[] { string.Empty, "-" })
        {
            string prefix = sign + "1 / ";
            if (partial.StartsWith(prefix, System.StringComparison.Ordinal) && IsUnit(partial.Substring(prefix.Length)))
            {
                return sign + factor + " / " + partial.Substring(prefix.Length);
            }
        }

        return factor + " * " + Parenthesize(partial);
    }

    /// <summary>Simple, or one parenthesised group: safe as the right operand of a division.</summary>
    private static bool IsUnit(string code) => IsSimple(code) || (code.StartsWith("(", System.StringComparison.Ordinal) && ClosesAtEnd(code, 0));

    private static bool ClosesAtEnd(string code, int open)
    {
        int depth = 0;
        for (int i = open; i < code.Length; i++)
        {
            depth += code[i] is '(' or '[' ? 1 : code[i] is ')' or ']' ? -1 : 0;
            if (depth == 0)
            {
                return i == code.Length - 1;
            }
        }

        return false;
    }

    public static string Parenthesize(string code) => IsSimple(code) ? code : "(" + code + ")";

    /// <summary>
    /// An identifier, member access, unsigned number or call (<c>Math.Cos(x)</c>): needs no parentheses
    /// as an operand of any operator.
    /// </summary>
    public static bool IsSimple(string code)
    {
        int i = 0;
        while (i < code.Length && (char.IsLetterOrDigit(code[i]) || code[i] is '_' or '.' or ':'))
        {
            i++;
        }

        if (i == 0)
        {
            return false;
        }

        if (i == code.Length)
        {
            return true;
        }

        // A call or an element access is simple when its argument list closes at the very end.
        return code[i] is '(' or '[' && ClosesAtEnd(code, i);
    }
}
