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

    /// <summary>A value of a type that is not a real or a vector of reals (an enum, a string, <c>int[]</c>, a class, a delegate): data, read as written.</summary>
    Data,
}

/// <param name="Type">The scalar type, or a vector's element type; <see cref="ScalarType.Data"/> for data of another type.</param>
/// <param name="IsDifferentiable">Real-valued and without <c>[NoDerivative]</c>.</param>
/// <param name="Declared">For <see cref="ParameterShape.Data"/>: the declared type, in full.</param>
/// <param name="Modifier">How the user passes it (<c>in</c>), for signatures the tape fallback writes; the source transformation's come from <see cref="MethodModel.Signature"/>.</param>
internal sealed record ParameterModel(
    string Name, ScalarType Type, bool IsDifferentiable, ParameterShape Shape = ParameterShape.Scalar, TypeRef? Declared = null, ParameterModifier Modifier = ParameterModifier.None)
{
    /// <summary>
    /// The default value, on trailing parameters with one that carry no derivative: every generated method gets
    /// overloads without them that pass it, as the method itself can be called without them.
    /// </summary>
    public Constant? Default { get; init; }

    /// <summary>An array parameter the user declared nullable (<c>[NoDerivative] double[]? weights</c>).</summary>
    public bool IsNullable { get; init; }

    public bool IsVector => Shape is not (ParameterShape.Scalar or ParameterShape.Data);

    /// <summary>An output of a vector-valued method: written by it, differentiated with respect to nothing.</summary>
    public bool IsOutput => Shape == ParameterShape.Span;

    /// <summary>The parameter's type as written in generated signatures.</summary>
    public TypeRef TypeRef => Shape switch
    {
        ParameterShape.ReadOnlySpan => TypeRef.ReadOnlySpan(TypeRef.Of(Type)),
        ParameterShape.Array => TypeRef.Array(TypeRef.Of(Type)) with { IsNullable = IsNullable },
        ParameterShape.Span => TypeRef.Span(TypeRef.Of(Type)),
        ParameterShape.Data => Declared!,
        _ => TypeRef.Of(Type),
    };
}

/// <summary>The type parameter a generic method computes in, and its constraints as written in generated code.</summary>
/// <param name="Constraints">The constraint clause's parts (<c>global::System.Numerics.IFloatingPointIeee754&lt;T&gt;</c>, <c>struct</c>).</param>
internal sealed record GenericNumber(string Name, EquatableArray<string> Constraints);

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

    /// <summary>A method whose results are its return value's leaves (a tuple or a struct of reals): PJacobian, PJvp, PVjp.</summary>
    public bool HasCompositeResult => Result is not null;

    /// <summary>Names the method among all [Differentiable] methods of the compilation: type, name, parameter types.</summary>
    public string Key { get; init; } = string.Empty;

    /// <summary><c>[Differentiable(Hessian = true)]</c>: second derivatives were asked for this method.</summary>
    public bool Hessian { get; init; }

    /// <summary>False for an instance method: its derivatives are instance methods too, and fields of <c>this</c> are data.</summary>
    public bool IsStatic { get; init; } = true;

    /// <summary>
    /// The parameters as declared, when some are not one scalar parameter each (a struct, a span of structs, a
    /// 2-D array) or are passed <c>in</c>; empty when <see cref="Parameters"/> are the declared parameters.
    /// </summary>
    public EquatableArray<SignatureParameter> Signature { get; init; } = EquatableArray<SignatureParameter>.Empty;

    /// <summary>A method returning a tuple or a struct of reals: vector-valued, with <see cref="ReturnType"/> its leaves' type.</summary>
    public CompositeResult? Result { get; init; }

    /// <summary>A method generic over its number type (<c>SoftPlus&lt;T&gt;</c>): the type parameter, which <see cref="ScalarType.Generic"/> stands for.</summary>
    public GenericNumber? Generic { get; init; }

    /// <summary>Whether the generated signatures differ from the scalar parameters (see <see cref="Signature"/>).</summary>
    public bool HasSignature => Signature.Count > 0;

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
            if (!HasSignature)
            {
                foreach (ParameterModel parameter in Parameters)
                {
                    AppendHint(signature, parameter);
                }
            }
            else
            {
                foreach (SignatureParameter parameter in Signature)
                {
                    if (parameter.Kind == SignatureKind.Plain)
                    {
                        AppendHint(signature, Parameters[parameter.First]);
                    }
                    else
                    {
                        signature.Append('_').Append(TypeRef.HintOf(parameter.Type));
                    }
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

    private static void AppendHint(System.Text.StringBuilder signature, ParameterModel parameter)
    {
        if (parameter.Shape == ParameterShape.Data)
        {
            signature.Append('_').Append(TypeRef.HintOf(parameter.Declared!));
            return;
        }

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
}
