using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiff.CodeFixes;

/// <summary>Small syntax edits shared by the fixes; each keeps the user's trivia and changes nothing else.</summary>
internal static class Syntax
{
    public const string DifferentiableAttribute = "AutoDiff.DifferentiableAttribute";
    public const string NoDerivativeAttribute = "AutoDiff.NoDerivativeAttribute";

    private static readonly SyntaxKind[] Accessibility =
    [
        SyntaxKind.PublicKeyword, SyntaxKind.PrivateKeyword, SyntaxKind.ProtectedKeyword, SyntaxKind.InternalKeyword, SyntaxKind.FileKeyword,
    ];

    /// <summary>Adds <c>partial</c> as the last modifier, right before <c>class</c>, <c>struct</c>, <c>record</c> or <c>interface</c>.</summary>
    public static TypeDeclarationSyntax AddPartial(TypeDeclarationSyntax type)
    {
        if (type.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            return type;
        }

        if (type.Modifiers.Count > 0)
        {
            return type.WithModifiers(type.Modifiers.Add(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space)));
        }

        // No modifiers: the keyword's indentation moves to 'partial'.
        SyntaxToken keyword = type.Keyword;
        SyntaxToken partial = SyntaxFactory.Token(keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
        return type.WithKeyword(keyword.WithLeadingTrivia()).WithModifiers(SyntaxFactory.TokenList(partial));
    }

    /// <summary>Adds <c>static</c> after the accessibility modifiers (first when there are none).</summary>
    public static MethodDeclarationSyntax AddStatic(MethodDeclarationSyntax method)
    {
        SyntaxTokenList modifiers = method.Modifiers;
        int index = 0;
        for (int i = 0; i < modifiers.Count; i++)
        {
            if (Accessibility.Contains(modifiers[i].Kind()))
            {
                index = i + 1;
            }
        }

        if (index > 0 || modifiers.Count > 0)
        {
            SyntaxToken token = SyntaxFactory.Token(SyntaxKind.StaticKeyword).WithTrailingTrivia(SyntaxFactory.Space);
            if (index == 0)
            {
                // Before the first modifier, which gives up its indentation.
                token = token.WithLeadingTrivia(modifiers[0].LeadingTrivia);
                modifiers = modifiers.Replace(modifiers[0], modifiers[0].WithLeadingTrivia());
            }

            return method.WithModifiers(modifiers.Insert(index, token));
        }

        // No modifiers at all: before the return type, which gives up its indentation.
        SyntaxToken first = method.ReturnType.GetFirstToken();
        SyntaxToken @static = SyntaxFactory.Token(first.LeadingTrivia, SyntaxKind.StaticKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
        MethodDeclarationSyntax bare = method.ReplaceToken(first, first.WithLeadingTrivia());
        return bare.WithModifiers(SyntaxFactory.TokenList(@static));
    }

    /// <summary>
    /// How to spell a type of the runtime at <paramref name="position"/>: its simple name where that binds to it
    /// (a <c>using AutoDiff;</c> is in scope), else qualified.
    /// </summary>
    public static string Spell(SemanticModel model, int position, string metadataName, string simpleName)
    {
        INamedTypeSymbol? wanted = model.Compilation.GetTypeByMetadataName(metadataName);
        bool bound = model.LookupNamespacesAndTypes(position, name: simpleName)
            .Any(s => SymbolEqualityComparer.Default.Equals(s, wanted));
        return bound ? simpleName : metadataName;
    }

    /// <summary>The attribute spelling without the <c>Attribute</c> suffix, as users write it.</summary>
    public static string SpellAttribute(SemanticModel model, int position, string metadataName)
    {
        string full = Spell(model, position, metadataName, metadataName.Substring(metadataName.LastIndexOf('.') + 1));
        return full.EndsWith("Attribute", System.StringComparison.Ordinal) ? full.Substring(0, full.Length - "Attribute".Length) : full;
    }

    public static bool Is(this AttributeSyntax attribute, SemanticModel model, string metadataName, System.Threading.CancellationToken cancellationToken) =>
        model.GetSymbolInfo(attribute, cancellationToken).Symbol is IMethodSymbol constructor
        && constructor.ContainingType.ToDisplayString() == metadataName;
}
