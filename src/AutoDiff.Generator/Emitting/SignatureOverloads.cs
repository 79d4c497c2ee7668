using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Emitting;

/// <summary>
/// What generated signatures keep of the method's own: <c>this</c> on the first parameter of an extension
/// method's derivatives, and, for trailing parameters with default values, overloads without them that pass the
/// defaults (optional parameters cannot come before the derivatives' <c>out</c> parameters and spans).
/// </summary>
internal static class SignatureOverloads
{
    /// <summary>A parameter list as printed: <c>this</c> before the first one when <paramref name="extension"/>.</summary>
    public static string Parameters(IReadOnlyList<string> declarations, bool extension) =>
        string.Join(", ", declarations.Select((d, i) => i == 0 && extension ? "this " + d : d));

    /// <summary>How many trailing parameters of the method have a default the overloads fill in.</summary>
    public static int Omittable(IReadOnlyList<ParameterModel> parameters)
    {
        int count = 0;
        for (int i = parameters.Count - 1; i >= 0 && parameters[i].Default is not null; i--)
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// The overloads of one generated method without the last 1, 2, ... parameters that have defaults: each passes
    /// their defaults on. <paramref name="declarations"/> and <paramref name="arguments"/> describe the generated
    /// method's parameters (its first ones being the method's own, in order).
    /// </summary>
    public static void Write(
        SourceWriter writer, IReadOnlyList<ParameterModel> original, bool extension, string accessibility, string returnType, string name,
        IReadOnlyList<string> declarations, IReadOnlyList<string> arguments, string generatorAttribute)
    {
        int count = original.Count;
        int omittable = Omittable(original);
        for (int k = 1; k <= omittable && declarations.Count >= count; k++)
        {
            IEnumerable<int> kept = Enumerable.Range(0, declarations.Count).Where(i => i < count - k || i >= count);
            IEnumerable<string> passed = arguments.Select((a, i) => i >= count - k && i < count ? ExprPrinter.Literal(original[i].Default!.Value) : a);
            string defaults = string.Join(", ", original.Skip(count - k).Take(k).Select(p => p.Name + " = " + ExprPrinter.Literal(p.Default!.Value)));
            writer.Line();
            writer.Line($"/// <summary><c>{name}</c> with {Xml(defaults)}, the method's defaults.</summary>");
            writer.Line(generatorAttribute);
            writer.Line($"{accessibility} static {returnType} {name}({Parameters(kept.Select(i => declarations[i]).ToList(), extension)}) => {name}({string.Join(", ", passed)});");
        }
    }

    private static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
