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
    /// <param name="secondOrder">Which second-order methods to build (<see cref="SecondOrderPlan.None"/> when null).</param>
    public static GeneratedFile Differentiate(MethodModel method, SecondOrderPlan? secondOrder = null)
    {
        secondOrder ??= SecondOrderPlan.None;
        LoweredMethod lowered = Lowering.Lower(method);
        // A vector-valued method gets FJacobian, FJvp and FVjp; a scalar one FGradient and FDerivative.
        var generated = new List<GeneratedMethod>();
        if (method.IsVectorValued)
        {
            generated.Add(JacobianBuilder.Build(lowered));
        }

        generated.Add(method.IsVectorValued ? ForwardBuilder.Build(lowered) : ReverseBuilder.Build(lowered));
        generated.Add(method.IsVectorValued ? ReverseBuilder.Build(lowered) : ForwardBuilder.Build(lowered));

        // Second derivatives, where they were asked for and the method qualifies (the pipeline decides, knowing
        // every method of the compilation): the reverse mode again, on dual numbers, and the Hessian wrappers.
        string? noHessian = secondOrder.WhyNoHessian;
        if (secondOrder.DualGradient || secondOrder.Hessian)
        {
            try
            {
                var second = new List<GeneratedMethod>();
                if (secondOrder.Hessian)
                {
                    second.Add(HessianBuilder.BuildProduct(lowered));
                    second.Add(HessianBuilder.BuildHessian(lowered));
                }

                if (secondOrder.DualGradient)
                {
                    second.Add(ReverseBuilder.BuildOnDuals(lowered));
                }

                generated.AddRange(second);
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
