namespace AutoDiff;

/// <summary>
/// Declares that the marked static method supplies a derivative of another method, the <em>primal</em>
/// <c>Type.MethodName</c>, so generated code can differentiate calls to a function it cannot (or should
/// not) see into.
/// </summary>
/// <remarks>
/// <para>The generator tells the form apart by the marked method's signature. With a primal
/// <c>R F(p1, ..., pn)</c> whose parameters are <c>double</c>/<c>float</c> scalars, read-only vectors
/// (<c>ReadOnlySpan&lt;double&gt;</c> or <c>double[]</c>) and written vectors (<c>Span&lt;double&gt;</c>, outputs):</para>
/// <list type="bullet">
/// <item><b>Partials</b> (scalar primals only; used by both modes): the same parameters as <c>F</c>;
/// returns one partial per differentiable parameter (real-valued, not <c>[NoDerivative]</c>), in order: the
/// partial itself when there is one, else a tuple.</item>
/// <item><b>Pullback</b> (reverse mode): returns <c>void</c>; takes <c>F</c>'s parameters, then
/// <c>double resultBar</c> (the adjoint of <c>F</c>'s result, when <c>F</c> returns a value), then one
/// adjoint per parameter that is not <c>[NoDerivative]</c>, in order: <c>ref double</c> for a scalar and
/// <c>Span&lt;double&gt;</c> for a read-only vector, which the pullback <em>adds</em> its contribution to, and
/// <c>ReadOnlySpan&lt;double&gt;</c> for an output, which it reads. Outputs hold the values <c>F</c> wrote.</item>
/// <item><b>Pushforward</b> (forward mode): takes <c>F</c>'s parameters, then one tangent per parameter
/// that is not <c>[NoDerivative]</c>, in order: <c>double</c> for a scalar, <c>ReadOnlySpan&lt;double&gt;</c>
/// for a read-only vector and <c>Span&lt;double&gt;</c> for an output (written); returns the tangent of
/// <c>F</c>'s result (<c>void</c> when <c>F</c> returns nothing). Outputs hold the values <c>F</c> wrote.</item>
/// </list>
/// <para>The generator looks for derivative methods in the primal's type and in the type of the
/// <c>[Differentiable]</c> method that calls it.</para>
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class DerivativeOfAttribute : Attribute
{
    /// <summary>Names the primal: the method <paramref name="methodName"/> of <paramref name="type"/>.</summary>
    public DerivativeOfAttribute(Type type, string methodName)
    {
        Type = type;
        MethodName = methodName;
    }

    /// <summary>The type that declares the primal.</summary>
    public Type Type { get; }

    /// <summary>The primal's name; when it is overloaded, the overload whose parameters match is meant.</summary>
    public string MethodName { get; }
}
