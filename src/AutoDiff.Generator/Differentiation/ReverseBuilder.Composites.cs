using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Differentiation;

/// <summary>Reverse mode of a method returning a tuple or struct of reals: <c>PVjp</c>.</summary>
internal sealed partial class ReverseBuilder
{
    /// <summary>
    /// <c>(double X, double Y) PVjp(r, t, double xBar, double yBar, out double rBar, out double tBar)</c>: the forward pass,
    /// then the backward pass from the result's adjoints (one per element) to the inputs'.
    /// </summary>
    private GeneratedMethod BuildCompositeVjp()
    {
        MethodModel model = _method.Method;
        CompositeResult result = model.Result!;
        List<LVar> results = _method.Results!;
        List<string> seeds = result.ElementNames.Select(n => _names.Fresh(LowerFirst(n) + "Bar")).ToList();
        var gradients = _method.Inputs.ToDictionary(p => p, p => _names.Fresh(p.Name + "Bar"));
        List<CodeParameter> parameters = model.Parameters.Select(p => new CodeParameter(p.TypeRef, p.Name))
            .Concat(seeds.Select((s, i) => new CodeParameter(TypeRef.Of(results[i].Type), s)))
            .Concat(_method.Inputs.Select(p => p.IsArray
                ? new CodeParameter(TypeRef.Span(TypeRef.Of(p.Type)), gradients[p])
                : new CodeParameter(TypeRef.Of(p.Type), gradients[p], ArgumentModifier.Out)))
            .ToList();

        var checks = new List<CodeNode>();
        foreach (LVar vector in _method.Inputs.Where(p => p.IsArray))
        {
            checks.Add(GeneratedPrologue.SameLength(gradients[vector], vector.Name));
            _adjoints[vector] = gradients[vector];
            _declared.Add(vector);
        }

        var body = new List<CodeNode> { Code.Comment("Forward pass: compute and keep every intermediate value.") };
        DeclareBranchValues(body);
        foreach (LVar leaf in results)
        {
            body.Add(Code.Declare(ValueType(leaf.Type), leaf.Name));
        }

        EmitForward(_method.Root, body, Repeat.Once);
        body.Add(CodeBlank.Instance);
        body.Add(Code.Comment("Backward pass: propagate the result's adjoints back to the inputs."));
        foreach (LVar vector in _method.Inputs.Where(p => p.IsArray))
        {
            body.Add(Code.Statement(Code.CallOn(Code.Name(gradients[vector]), "Clear", ScalarType.Double)));
        }

        var backward = new List<CodeNode>();
        bool any = false;
        for (int i = 0; i < results.Count; i++)
        {
            if (results[i].Active && _declared.Add(results[i]))
            {
                body.Add(Code.Declare(ValueType(results[i].Type), Adjoint(results[i]), Code.Name(seeds[i], results[i].Type)));
                any = true;
            }
        }

        if (any)
        {
            EmitBackward(_method.Root, backward, Repeat.Once);
        }

        body.AddRange(ZeroDeclarations(_method.Root));
        body.AddRange(backward);
        body.Add(CodeBlank.Instance);
        foreach (LVar parameter in _method.Inputs.Where(p => !p.IsArray))
        {
            body.Add(Code.Assign(Code.Name(gradients[parameter]), _declared.Contains(parameter) ? AdjointName(parameter) : Code.Int(0)));
        }

        body.Add(Code.Return(CompositeCode.Build(result.Layout, results.Select(r => (Expr)new VarRef(r)).ToList())));
        string summary = $"Vector-Jacobian product: returns {model.Name} and writes to "
            + string.Join(", ", _method.Inputs.Select(p => gradients[p]))
            + " the adjoint of the inputs for the result's adjoints "
            + string.Join(", ", seeds)
            + (_method.Inputs.Any(p => p.IsArray) ? " (gradient spans are overwritten)." : ".");
        var full = new List<CodeNode>(checks);
        full.AddRange(_workspace is null ? body : GeneratedPrologue.InWorkspace(_names, _workspace, body));
        return new GeneratedMethod(summary, model.Accessibility, result.Layout.Type, model.Name + "Vjp", parameters, full);
    }

    private static string LowerFirst(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name.Substring(1);
}
