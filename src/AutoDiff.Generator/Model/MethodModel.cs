using System.Linq;
using AutoDiff.Generator.Helpers;

namespace AutoDiff.Generator.Model;

/// <summary>One enclosing type declaration, outermost first in <see cref="MethodModel.ContainingTypes"/>.</summary>
/// <param name="Keyword">"class", "struct", "record", "record struct" or "interface".</param>
/// <param name="Modifiers">Modifiers every partial part may repeat ("static", "readonly", "ref"), or empty.</param>
/// <param name="Name">The name with its type parameter list, as written in a declaration.</param>
internal sealed record ContainingTypeModel(string Keyword, string Modifiers, string Name);

/// <summary>How a parameter holds its values.</summary>
internal enum ParameterShape
{
    Scalar,

    /// <summary><c>ReadOnlySpan&lt;T&gt;</c>: read-only vector input.</summary>
    ReadOnlySpan,

    /// <summary><c>T[]</c>: vector input the method only reads.</summary>
    Array,

    /// <summary><c>Span&lt;T&gt;</c>: writable; a local span, or an output of a vector-valued (void) method.</summary>
    Span,
}

/// <param name="Type">The scalar type, or a vector's element type.</param>
/// <param name="IsDifferentiable">Real-valued and without <c>[NoDerivative]</c>.</param>
internal sealed record ParameterModel(string Name, ScalarType Type, bool IsDifferentiable, ParameterShape Shape = ParameterShape.Scalar)
{
    /// <summary>
    /// The default value, on trailing parameters with one that carry no derivative: every generated method gets
    /// overloads without them that pass it, as the method itself can be called without them.
    /// </summary>
    public Constant? Default { get; init; }

    public bool IsVector => Shape != ParameterShape.Scalar;

    /// <summary>An output of a vector-valued method: written by it, differentiated with respect to nothing.</summary>
    public bool IsOutput => Shape == ParameterShape.Span;

    /// <summary>The parameter's type as written in generated signatures.</summary>
    public TypeRef TypeRef => Shape switch
    {
        ParameterShape.ReadOnlySpan => TypeRef.ReadOnlySpan(TypeRef.Of(Type)),
        ParameterShape.Array => TypeRef.Array(TypeRef.Of(Type)),
        ParameterShape.Span => TypeRef.Span(TypeRef.Of(Type)),
        _ => TypeRef.Of(Type),
    };
}

/// <summary>Everything the differentiator and emitter need about one <c>[Differentiable]</c> method: no symbols, no syntax.</summary>
internal sealed record MethodModel(
    string? Namespace,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    string Accessibility,
    string Name,
    ScalarType ReturnType,
    EquatableArray<ParameterModel> Parameters,
    EquatableArray<Stmt> Body,
    string SourceText,
    bool ShortMathNames)
{
    /// <summary>
    /// A <c>void</c> method whose <c>Span</c> parameters are its outputs: it gets a Jacobian, a Jvp and a Vjp
    /// instead of a gradient and a derivative, and <see cref="ReturnType"/> is its outputs' element type.
    /// </summary>
    public bool IsVectorValued => Parameters.Any(p => p.IsOutput);

    /// <summary>Names the method among all [Differentiable] methods of the compilation: type, name, parameter types.</summary>
    public string Key { get; init; } = string.Empty;

    /// <summary><c>[Differentiable(Hessian = true)]</c>: second derivatives were asked for this method.</summary>
    public bool Hessian { get; init; }

    /// <summary>An extension method: its derivatives extend the first parameter's type too.</summary>
    public bool IsExtension { get; init; }

    /// <summary>A file name unique per overload: namespace, types, method and parameter types.</summary>
    public string HintName
    {
        get
        {
            var parts = new System.Collections.Generic.List<string>();
            if (Namespace is not null)
            {
                parts.Add(Namespace);
            }

            foreach (ContainingTypeModel type in ContainingTypes)
            {
                parts.Add(type.Name);
            }

            var signature = new System.Text.StringBuilder(Name);
            foreach (ParameterModel parameter in Parameters)
            {
                signature.Append('_').Append(parameter.Type.Keyword());
                if (parameter.IsVector)
                {
                    signature.Append(parameter.Shape switch
                    {
                        ParameterShape.Array => "Array",
                        ParameterShape.Span => "Output",
                        _ => "Span",
                    });
                }
            }

            parts.Add(signature.ToString());
            string name = string.Join(".", parts);
            var safe = new System.Text.StringBuilder(name.Length);
            foreach (char c in name)
            {
                safe.Append(char.IsLetterOrDigit(c) || c is '.' or '_' ? c : '_');
            }

            return safe + ".g.cs";
        }
    }
}
