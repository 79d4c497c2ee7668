using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace AutoDiff.Generator.Pipeline;

/// <summary>
/// Parses kept from one generator run to the next while only method bodies change.
/// <para>
/// Roslyn runs the parse transform again for every [Differentiable] method whenever the compilation changes,
/// that is on every keystroke in an IDE, and binding a thousand bodies takes about a second. A method's parse
/// is a function of its own syntax, of the project's declarations (types, signatures, constants, attributes,
/// usings, options, references) and of the bodies of the source members it refers to (a callee, a property,
/// a constructor the parse may look into). So a new compilation that differs from the project's previous one
/// only inside method bodies keeps the previous parse of every method whose syntax node is the same object
/// (its file was not edited) and whose referenced members' files were not edited either. Anything else
/// (a changed declaration, an added file, a new reference) starts a new generation: every method is parsed again.
/// </para>
/// </summary>
internal sealed class ParseCache
{
    private readonly object _gate = new();

    // Per project (assembly name): the last compilation seen and the generation its declarations belong to.
    private readonly Dictionary<string, Project> _projects = new();
    private readonly ConditionalWeakTable<Compilation, Generation> _generations = new();
    private readonly ConditionalWeakTable<SyntaxNode, Entry> _entries = new();
    private int _nextGeneration;

    /// <summary>How many methods were parsed rather than reused (for tests).</summary>
    public int Parses { get; private set; }

    public ParsedMethod Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        Compilation compilation = context.SemanticModel.Compilation;
        int generation = GenerationOf(compilation, cancellationToken);
        lock (_gate)
        {
            if (_entries.TryGetValue(context.TargetNode, out Entry? entry)
                && entry.Generation == generation
                && entry.Dependencies.All(compilation.ContainsSyntaxTree))
            {
                return entry.Parsed;
            }
        }

        ParsedMethod parsed = ParsedMethod.Parse(context, cancellationToken);
        SyntaxTree[]? dependencies = Dependencies(context, parsed, cancellationToken);
        lock (_gate)
        {
            Parses++;
            _entries.Remove(context.TargetNode);
            if (dependencies is not null)
            {
                _entries.Add(context.TargetNode, new Entry(generation, parsed, dependencies));
            }
        }

        return parsed;
    }

    private int GenerationOf(Compilation compilation, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_generations.TryGetValue(compilation, out Generation? known))
            {
                return known.Value;
            }

            string name = compilation.AssemblyName ?? string.Empty;
            int generation = _projects.TryGetValue(name, out Project? previous) && OnlyBodiesChanged(previous.Compilation, compilation, cancellationToken)
                ? previous.Generation
                : ++_nextGeneration;
            _projects[name] = new Project(compilation, generation);
            _generations.Add(compilation, new Generation(generation));
            return generation;
        }
    }

    /// <summary>
    /// The other files whose edits make this parse stale: those declaring the source members the body refers
    /// to. Null when the parse is not to be kept (it points into another file, or the body did not bind).
    /// </summary>
    private static SyntaxTree[]? Dependencies(GeneratorAttributeSyntaxContext context, ParsedMethod parsed, CancellationToken cancellationToken)
    {
        SyntaxTree own = context.TargetNode.SyntaxTree;
        if (parsed.Diagnostics.Any(d => d.Location is { } location && location.FilePath != own.FilePath))
        {
            return null;
        }

        if (context.SemanticModel.GetOperation(context.TargetNode, cancellationToken) is not { } body)
        {
            return null;
        }

        var trees = new HashSet<SyntaxTree>();
        foreach (IOperation operation in body.DescendantsAndSelf())
        {
            ISymbol? symbol = operation switch
            {
                IInvocationOperation invocation => invocation.TargetMethod,
                IObjectCreationOperation creation => creation.Constructor,
                IPropertyReferenceOperation property => property.Property,
                IMethodReferenceOperation method => method.Method,
                IBinaryOperation binary => binary.OperatorMethod,
                IUnaryOperation unary => unary.OperatorMethod,
                ICompoundAssignmentOperation compound => compound.OperatorMethod,
                IConversionOperation conversion => conversion.OperatorMethod,
                IIncrementOrDecrementOperation increment => increment.OperatorMethod,
                _ => null,
            };
            if (symbol is null)
            {
                continue;
            }

            foreach (SyntaxReference reference in symbol.OriginalDefinition.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree != own)
                {
                    trees.Add(reference.SyntaxTree);
                }
            }
        }

        return trees.ToArray();
    }

    /// <summary>
    /// True when <paramref name="next"/> has the same options, references and files as <paramref name="previous"/>,
    /// and every file that changed changed only inside the bodies of methods, constructors and operators.
    /// </summary>
    internal static bool OnlyBodiesChanged(Compilation previous, Compilation next, CancellationToken cancellationToken)
    {
        if (ReferenceEquals(previous, next))
        {
            return true;
        }

        if (!previous.Options.Equals(next.Options)
            || !previous.References.SequenceEqual(next.References)
            || previous.SyntaxTrees.Count() != next.SyntaxTrees.Count())
        {
            return false;
        }

        var byPath = new Dictionary<string, SyntaxTree>();
        foreach (SyntaxTree tree in previous.SyntaxTrees)
        {
            if (string.IsNullOrEmpty(tree.FilePath) || byPath.ContainsKey(tree.FilePath))
            {
                return false; // files that cannot be told apart
            }

            byPath.Add(tree.FilePath, tree);
        }

        foreach (SyntaxTree tree in next.SyntaxTrees)
        {
            if (previous.ContainsSyntaxTree(tree))
            {
                continue;
            }

            if (!byPath.TryGetValue(tree.FilePath, out SyntaxTree? old)
                || !old.Options.Equals(tree.Options)
                || !OnlyBodiesChanged(old, tree, cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    private static bool OnlyBodiesChanged(SyntaxTree old, SyntaxTree next, CancellationToken cancellationToken)
    {
        SyntaxNode oldRoot = old.GetRoot(cancellationToken);
        SyntaxNode newRoot = next.GetRoot(cancellationToken);
        int shift = 0;
        foreach (TextChange change in next.GetChanges(old))
        {
            var after = new TextSpan(change.Span.Start + shift, change.NewText?.Length ?? 0);
            if (!InsideBody(oldRoot, change.Span) || !InsideBody(newRoot, after))
            {
                return false;
            }

            shift += after.Length - change.Span.Length;
        }

        return true;
    }

    /// <summary>Whether the span lies within one method's (constructor's, operator's) body, braces excluded.</summary>
    private static bool InsideBody(SyntaxNode root, TextSpan span)
    {
        if (span.End > root.FullSpan.End)
        {
            return false;
        }

        SyntaxToken token = root.FindToken(span.Start);
        BaseMethodDeclarationSyntax? member = token.Parent?.AncestorsAndSelf().OfType<MemberDeclarationSyntax>().FirstOrDefault() as BaseMethodDeclarationSyntax;
        if (member is null || member.ContainsDirectives)
        {
            return false;
        }

        if (member.Body is { } block)
        {
            return span.Start >= block.OpenBraceToken.Span.End && span.End <= block.CloseBraceToken.SpanStart && !block.CloseBraceToken.IsMissing;
        }

        return member.ExpressionBody is { } arrow && span.Start >= arrow.Expression.SpanStart && span.End <= arrow.Expression.Span.End;
    }

    private sealed record Project(Compilation Compilation, int Generation);

    private sealed record Generation(int Value);

    private sealed record Entry(int Generation, ParsedMethod Parsed, SyntaxTree[] Dependencies);
}
