using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Helpers;

namespace AutoDiff.Generator.Model;

// Values the user writes as one thing and the generator computes with as several reals: tuples, structs of
// reals (user structs, System.Numerics), 2-D and jagged arrays. The parser splits each into scalar leaves
// (a Vec3 local is three locals, a Vec3 parameter three inputs); only the signature of a generated method
// puts them together again, as these records describe. No symbols: types by their full names.

/// <summary>How a composite value is built from its fields in generated code.</summary>
internal enum CompositeConstruction
{
    /// <summary><c>new T(f0, f1, ...)</c>, the fields in constructor order.</summary>
    Constructor,

    /// <summary><c>new T { F0 = f0, F1 = f1 }</c>.</summary>
    Initializer,

    /// <summary>A tuple literal <c>(f0, f1)</c>.</summary>
    Tuple,

    /// <summary>Generated code cannot build one (no constructor or settable fields it can reach); <see cref="CompositeLayout.Why"/> says why.</summary>
    None,
}

/// <summary>One field of a composite: a real, or a nested composite.</summary>
/// <param name="Name">The member generated code reads (<c>X</c>, <c>Item1</c>, a property of a record).</param>
/// <param name="Type">The real's type; for a nested composite, unused.</param>
/// <param name="Nested">The layout of a nested composite field, or null for a real.</param>
internal sealed record CompositeField(string Name, ScalarType Type, CompositeLayout? Nested = null);

/// <summary>A type that holds reals, as the generator splits it: its fields in construction order and how to build one.</summary>
/// <param name="Type">The type in generated code (<c>global::Demo.Vec3</c>, <c>(double X, double Y)</c>).</param>
/// <param name="Display">How diagnostics and comments name it (<c>Vec3</c>).</param>
/// <param name="Why">For <see cref="CompositeConstruction.None"/>: why generated code cannot build one, and what would let it.</param>
internal sealed record CompositeLayout(
    TypeRef Type,
    string Display,
    EquatableArray<CompositeField> Fields,
    CompositeConstruction Construction,
    string? Why = null)
{
    /// <summary>The reals of the value, depth first: their member paths (<c>Position.X</c>) and types.</summary>
    public IEnumerable<(EquatableArray<string> Path, ScalarType Type)> Leaves()
    {
        foreach (CompositeField field in Fields)
        {
            if (field.Nested is null)
            {
                yield return (new EquatableArray<string>(new[] { field.Name }), field.Type);
                continue;
            }

            foreach ((EquatableArray<string> path, ScalarType type) in field.Nested.Leaves())
            {
                yield return (new EquatableArray<string>(new[] { field.Name }.Concat(path).ToArray()), type);
            }
        }
    }

    public int LeafCount => Fields.Sum(f => f.Nested?.LeafCount ?? 1);

    /// <summary>The one real type of all leaves, or null when they mix double and float.</summary>
    public ScalarType? LeafType
    {
        get
        {
            var types = Leaves().Select(l => l.Type).Distinct().ToList();
            return types.Count == 1 ? types[0] : null;
        }
    }

    /// <summary>Whether generated code can build values of this layout (itself and its nested fields).</summary>
    public bool CanConstruct => Construction != CompositeConstruction.None && Fields.All(f => f.Nested?.CanConstruct ?? true);

    /// <summary>The first reason, depth first, that generated code cannot build one, or null.</summary>
    public string? WhyNotConstructible => Construction == CompositeConstruction.None
        ? Why
        : Fields.Select(f => f.Nested?.WhyNotConstructible).FirstOrDefault(w => w is not null);
}

/// <summary>How a parameter as the user declared it maps onto the scalar parameters of <see cref="MethodModel.Parameters"/>.</summary>
internal enum SignatureKind
{
    /// <summary>One parameter model, as declared.</summary>
    Plain,

    /// <summary>A struct or tuple of reals: one scalar parameter per leaf.</summary>
    Composite,

    /// <summary>A span or array of composites: one flat vector of their leaves, element after element (element i's leaf k at i · leaves + k).</summary>
    CompositeVector,

    /// <summary><c>T[,]</c>: a data parameter for the array, a flat vector over its elements, the column count.</summary>
    Matrix,

    /// <summary><c>T[][]</c> that is differentiated: the array, a flat copy of its rows, where each row starts.</summary>
    Jagged,
}

/// <summary>How a parameter is passed.</summary>
internal enum ParameterModifier
{
    None,

    /// <summary><c>in</c> (and <c>ref readonly</c>, which generated signatures write as <c>in</c>).</summary>
    In,
}

/// <summary>
/// A parameter as the user declared it: the generated signatures show it this way, and a prologue splits it into
/// <see cref="Count"/> scalar parameters starting at <see cref="First"/>.
/// </summary>
/// <param name="Type">The declared type in generated code.</param>
/// <param name="VectorShape">For a <see cref="SignatureKind.CompositeVector"/>: a span or an array.</param>
internal sealed record SignatureParameter(
    string Name,
    TypeRef Type,
    SignatureKind Kind,
    int First,
    int Count,
    bool IsDifferentiable,
    ParameterModifier Modifier = ParameterModifier.None,
    CompositeLayout? Layout = null,
    ParameterShape VectorShape = ParameterShape.Scalar);

/// <summary>The result of a method returning a tuple or a struct of reals: its layout and the locals that hold its leaves.</summary>
/// <param name="Leaves">The body's locals holding each leaf when the method returns, in leaf order.</param>
/// <param name="ElementNames">Names of the leaves for generated parameters (<c>dX</c>, <c>xBar</c>): tuple element names, or field paths.</param>
internal sealed record CompositeResult(CompositeLayout Layout, EquatableArray<string> Leaves, EquatableArray<string> ElementNames)
{
    /// <summary>A tuple result has one tangent and one adjoint per element; a struct result one of its own type.</summary>
    public bool IsTuple => Layout.Construction == CompositeConstruction.Tuple;
}
