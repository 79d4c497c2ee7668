using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Differentiation;

/// <summary>
/// A method's model in, its generated methods out: lowered once, then built in each mode — FGradient and
/// FDerivative (or FJacobian, FJvp and FVjp), and, on dual numbers, the second derivatives.
/// </summary>
internal static class Differentiator
{
    /// <param name="secondOrder">Also build FHessian, FHessianVectorProduct and FGradientDual where the method qualifies.</param>
    public static GeneratedFile Differentiate(MethodModel method, bool secondOrder = true)
    {
        LoweredMethod lowered = Lowering.Lower(method);
        // A vector-valued method gets FJacobian, FJvp and FVjp; a scalar one FGradient and FDerivative.
        var generated = new List<GeneratedMethod>();
        if (method.IsVectorValued)
        {
            generated.Add(JacobianBuilder.Build(lowered));
        }

        generated.Add(method.IsVectorValued ? ForwardBuilder.Build(lowered) : ReverseBuilder.Build(lowered));
        generated.Add(method.IsVectorValued ? ReverseBuilder.Build(lowered) : ForwardBuilder.Build(lowered));

        // A scalar method also gets second derivatives when its reverse mode can run on dual numbers.
        string? noHessian = null;
        if (secondOrder && !method.IsVectorValued && lowered.Inputs.Any())
        {
            try
            {
                noHessian = SecondOrder.WhyNot(lowered);
                if (noHessian is null)
                {
                    var second = new List<GeneratedMethod>
                    {
                        HessianBuilder.BuildProduct(lowered),
                        HessianBuilder.BuildHessian(lowered),
                        ReverseBuilder.BuildOnDuals(lowered),
                    };
                    generated.AddRange(second);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The first derivatives stand on their own: a failure here only costs the second ones, and says so.
                noHessian = "generating them failed (" + exception.GetType().Name + ": " + exception.Message.Replace('\n', ' ') + "); please report it";
            }
        }

        return new GeneratedFile(method, generated, noHessian);
    }
}
