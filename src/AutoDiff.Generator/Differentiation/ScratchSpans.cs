using System;
using System.Collections.Generic;
using AutoDiff.Generator.Helpers;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Differentiation;

/// <summary>
/// Zeroed spans rented from the workspace for one call's derivative (an inactive vector's tangent or
/// adjoint) and handed back right after it, so a call inside a loop does not grow the arena.
/// </summary>
internal sealed class ScratchSpans
{
    private readonly NameAllocator _names;
    private readonly Func<string> _workspace;
    private readonly string _prefix;
    private readonly List<CodeNode> _rents = new();
    private string? _mark;

    /// <param name="workspace">Names the workspace local on first use.</param>
    /// <param name="prefix">Name of the spans (<c>zeros</c>, <c>scratch</c>).</param>
    public ScratchSpans(NameAllocator names, Func<string> workspace, string prefix)
    {
        _names = names;
        _workspace = workspace;
        _prefix = prefix;
    }

    /// <summary>A zeroed span as long as <paramref name="like"/>.</summary>
    public Expr Rent(LVar like) => Rent(like.Type, Code.Length(new VarRef(like)));

    /// <summary>A zeroed span as long as a call argument (a whole vector or a slice).</summary>
    public Expr Rent(CallArgument like) => Rent(like.Vector!.Type, like.Length);

    private Expr Rent(ScalarType type, Expr length)
    {
        _mark ??= _names.Fresh("scratchMark");
        string name = _names.Fresh(_prefix);
        _rents.Add(GeneratedPrologue.RentSpan(_workspace(), type, name, length));
        return Code.Name(name, type);
    }

    /// <summary>The statements, between renting the spans and handing them back (just the statements when none was rented).</summary>
    public IEnumerable<CodeNode> Around(IEnumerable<CodeNode> statements)
    {
        if (_mark is null)
        {
            return statements;
        }

        var lines = new List<CodeNode> { Code.Declare(TypeRef.Named(RuntimeNames.WorkspaceMark), _mark, GeneratedPrologue.Mark(_workspace())) };
        lines.AddRange(_rents);
        lines.AddRange(statements);
        lines.Add(GeneratedPrologue.Release(_workspace(), _mark));
        return lines;
    }
}
