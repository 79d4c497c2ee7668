using System.Linq;
using AutoDiff.Generator.Helpers;

namespace AutoDiff.Generator.Model;

/// <summary>A using directive of the method's file, copied so the copied body binds the same names.</summary>
/// <param name="Text">The directive as written, on one line.</param>
/// <param name="InNamespace">Declared inside the namespace (file-scoped or block) rather than at the top of the file.</param>
internal sealed record UsingModel(string Text, bool InNamespace);

/// <summary>A [Differentiable] method the taped body calls: a helper runs its generated derivatives on tape values.</summary>
/// <param name="HelperName">The helper's name in the nested class (one Var and one Dual overload).</param>
/// <param name="Type">The callee's type, fully qualified.</param>
/// <param name="Key">The callee's <see cref="MethodModel.Key"/>.</param>
internal sealed record CalleeModel(string HelperName, string Type, string Name, ScalarType ReturnType, EquatableArray<ParameterModel> Parameters, string Key = "");

/// <summary>
/// A method differentiated on the run-time tape: its signature, and its body rewritten twice as text,
/// once on <c>Var</c> (reverse mode) and once on <c>Dual</c> (forward mode). No symbols, no syntax.
/// </summary>
/// <param name="Reason">Why the tape is used, for the generated remarks (e.g. "a switch statement (line 12)"), or null when asked for.</param>
/// <param name="IsExpressionBody">The bodies are expressions (<c>=&gt; ...</c>), else blocks.</param>
/// <param name="NullableEnabled">The nullable context at the method, so the copies are annotated like the original.</param>
internal sealed record FallbackModel(
    string? Namespace,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    EquatableArray<UsingModel> Usings,
    string Accessibility,
    string Name,
    ScalarType ReturnType,
    EquatableArray<ParameterModel> Parameters,
    string SourceText,
    string? Reason,
    bool IsExpressionBody,
    string VarBody,
    string DualBody,
    EquatableArray<CalleeModel> Callees,
    bool NullableEnabled,
    string HintName)
{
    /// <summary>An extension method: its derivatives extend the first parameter's type too.</summary>
    public bool IsExtension { get; init; }

    /// <summary>A void method whose <c>Span</c> parameters are its outputs (it gets FJacobian, FJvp and FVjp).</summary>
    public bool IsVectorValued => Parameters.Any(p => p.IsOutput);

    /// <summary>The nested class holding the copies: unique per overload, as the file name is.</summary>
    public string HelperClassName
    {
        get
        {
            var name = new System.Text.StringBuilder(Name).Append("_Tape");
            foreach (ParameterModel parameter in Parameters)
            {
                name.Append('_').Append(parameter.Type.Keyword());
                if (parameter.IsVector)
                {
                    name.Append(parameter.Shape switch
                    {
                        ParameterShape.Array => "Array",
                        ParameterShape.Span => "Output",
                        _ => "Span",
                    });
                }
            }

            return name.ToString();
        }
    }
}
