using System.Reflection;
using AutoDiff.DualNumbers;
using AutoDiff.Taping;

namespace AutoDiff.Runtime.Tests;

public class MathSignatureTests
{
    // The generator's fallback swaps Math for VarMath/DualMath in method bodies, so calls with named
    // arguments must keep compiling: every overload must exist on Math (or double) with the same names.
    [Theory]
    [InlineData(typeof(VarMath), typeof(Var))]
    [InlineData(typeof(DualMath), typeof(Dual))]
    public void Every_math_overload_has_the_parameter_names_of_its_System_Math_counterpart(Type mathClass, Type scalar)
    {
        List<string> mismatches = [];
        foreach (MethodInfo method in mathClass.GetMethods(BindingFlags.Public | BindingFlags.Static))
        {
            Type[] doubled = method.GetParameters()
                .Select(p => p.ParameterType == scalar ? typeof(double) : p.ParameterType).ToArray();
            MethodInfo? original = typeof(Math).GetMethod(method.Name, doubled)
                ?? typeof(double).GetMethod(method.Name, doubled);
            if (original is null)
            {
                mismatches.Add($"{method}: no System.Math counterpart");
                continue;
            }

            string mine = string.Join(", ", method.GetParameters().Select(p => p.Name));
            string theirs = string.Join(", ", original.GetParameters().Select(p => p.Name));
            if (mine != theirs)
            {
                mismatches.Add($"{method.Name}({mine}) vs Math.{method.Name}({theirs})");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("; ", mismatches));
    }
}
