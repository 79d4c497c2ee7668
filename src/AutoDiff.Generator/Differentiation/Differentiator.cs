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

        // Builders work on the scalar parameters; Reassembly gives each method the signature the user declared.
        var generated = new List<GeneratedMethod>();
        if (method.HasCompositeResult)
        {
            // A method returning a tuple or struct is vector-valued: PJacobian, PJvp and PVjp.
            generated.Add(Reassembly.Apply(ForwardBuilder.BuildJacobianOfComposite(lowered), method));
            generated.Add(Reassembly.Apply(ForwardBuilder.Build(lowered), method, (Reassembly.Run.InputsIn, n => "d" + n), (Reassembly.Run.ResultOut, _ => "dResult")));
            generated.Add(Reassembly.Apply(ReverseBuilder.Build(lowered), method, (Reassembly.Run.ResultIn, _ => "resultBar"), (Reassembly.Run.InputsOut, n => n + "Bar")));
        }
        else if (method.IsVectorValued)
        {
            // A void method with Span outputs gets FJacobian, FJvp and FVjp.
            generated.Add(Reassembly.Apply(JacobianBuilder.Build(lowered), method));
            generated.Add(Reassembly.Apply(ForwardBuilder.Build(lowered), method, (Reassembly.Run.InputsIn, n => "d" + n)));
            generated.Add(Reassembly.Apply(ReverseBuilder.Build(lowered), method));
        }
        else
        {
            generated.Add(Reassembly.Apply(ReverseBuilder.Build(lowered), method, (Reassembly.Run.InputsOut, n => "d" + n)));
            generated.Add(Reassembly.Apply(ForwardBuilder.Build(lowered), method, (Reassembly.Run.InputsIn, n => "d" + n)));
        }

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
                    second.Add(Reassembly.Apply(HessianBuilder.BuildProduct(lowered), method, (Reassembly.Run.InputsIn, n => "v" + n), (Reassembly.Run.InputsOut, n => "hv" + n)));
                    second.Add(Reassembly.Apply(HessianBuilder.BuildHessian(lowered), method));
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

        // The builders write one statement per step of the chain rule; copies of one adjoint or tangent into another go.
        return new GeneratedFile(method, generated.Select(CopyPropagation.Apply).ToList(), noHessian);
    }
}
