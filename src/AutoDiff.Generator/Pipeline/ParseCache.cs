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
    /// to, followed through the bodies of the members the parser may inline (struct operators, constructors,
    /// methods and properties, methods over tuples and structs, at any depth), and those declaring the source
    /// structs the method handles (a parameter's, a local's or a result's type, and their fields' types: how
    /// generated code builds a struct is read off its constructor's body). Null when the parse is not to be kept
    /// (it points into another file, or the body did not bind).
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

        var dependencies = new DependencyWalk(context.SemanticModel, own, cancellationToken);
        if (context.TargetSymbol is IMethodSymbol method)
        {
            dependencies.AddType(method.ReturnType);
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                dependencies.AddType(parameter.Type);
            }
        }

        dependencies.Walk(body);
        return dependencies.Trees.ToArray();
    }

    /// <summary>The files a parse depends on, found by walking bodies the parser may look into.</summary>
    private sealed class DependencyWalk
    {
        private readonly SemanticModel _semanticModel;
        private readonly SyntaxTree _own;
        private readonly CancellationToken _cancellationToken;
        private readonly HashSet<ISymbol> _members = new(SymbolEqualityComparer.Default);
        private readonly HashSet<ITypeSymbol> _types = new(SymbolEqualityComparer.Default);
        private readonly Queue<IOperation> _bodies = new();

        public DependencyWalk(SemanticModel semanticModel, SyntaxTree own, CancellationToken cancellationToken)
        {
            _semanticModel = semanticModel;
            _own = own;
            _cancellationToken = cancellationToken;
        }

        public HashSet<SyntaxTree> Trees { get; } = new();

        public void Walk(IOperation body)
        {
            _bodies.Enqueue(body);
            while (_bodies.Count > 0)
            {
                foreach (IOperation operation in _bodies.Dequeue().DescendantsAndSelf())
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                    AddType(operation.Type);
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
                    if (symbol is not null)
                    {
                        AddMember(symbol.OriginalDefinition);
                    }
                }
            }
        }

        private void AddMember(ISymbol member)
        {
            if (member.DeclaringSyntaxReferences.IsEmpty || !_members.Add(member))
            {
                return;
            }

            AddTrees(member);
            if (member.ContainingType is { IsValueType: true } type)
            {
                AddType(type); // a struct's members are inlined from its source
            }

            if (member is IMethodSymbol method && NotInlined(method))
            {
                return; // called through its generated derivatives; its body is its own parse's business
            }

            foreach (SyntaxReference reference in member.DeclaringSyntaxReferences)
            {
                SyntaxNode syntax = reference.GetSyntax(_cancellationToken);
                SemanticModel model = syntax.SyntaxTree == _semanticModel.SyntaxTree ? _semanticModel : _semanticModel.Compilation.GetSemanticModel(syntax.SyntaxTree);
                if (model.GetOperation(syntax, _cancellationToken) is { } operation)
                {
                    _bodies.Enqueue(operation);
                }
            }
        }

        public void AddType(ITypeSymbol? type)
        {
            if (type is null || !_types.Add(type))
            {
                return;
            }

            switch (type)
            {
                case IArrayTypeSymbol array:
                    AddType(array.ElementType);
                    return;
                case INamedTypeSymbol named:
                    foreach (ITypeSymbol argument in named.TypeArguments)
                    {
                        AddType(argument);
                    }

                    if (named.IsValueType && !named.OriginalDefinition.DeclaringSyntaxReferences.IsEmpty)
                    {
                        AddTrees(named.OriginalDefinition);
                        foreach (IFieldSymbol field in named.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic))
                        {
                            AddType(field.Type);
                        }
                    }

                    return;
            }
        }

        private void AddTrees(ISymbol symbol)
        {
            foreach (SyntaxReference reference in symbol.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree != _own)
                {
                    Trees.Add(reference.SyntaxTree);
                }
            }
        }

        /// <summary>
        /// A [Differentiable] method over reals and vectors: the parser calls its derivatives, never inlines it
        /// (methods over tuples and structs it inlines, so their bodies are followed).
        /// </summary>
        private static bool NotInlined(IMethodSymbol method) =>
            method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == Parsing.MethodParser.DifferentiableAttribute)
            && (method.ReturnsVoid || Plain(method.ReturnType))
            && method.Parameters.All(p => Plain(p.Type));

        /// <summary>Reals, integers, type parameters, classes, and arrays and spans of them: no tuple or struct to split.</summary>
        private static bool Plain(ITypeSymbol type) => type switch
        {
            { SpecialType: not SpecialType.None } => true,
            ITypeParameterSymbol => true,
            IArrayTypeSymbol array => Plain(array.ElementType),
            INamedTypeSymbol { IsValueType: false } => true,
            INamedTypeSymbol { IsGenericType: true, Name: "Span" or "ReadOnlySpan", TypeArguments.Length: 1 } span => Plain(span.TypeArguments[0]),
            _ => false,
        };
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
