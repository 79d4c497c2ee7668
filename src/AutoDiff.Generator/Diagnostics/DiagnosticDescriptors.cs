using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Diagnostics;

/// <summary>Every diagnostic the generator reports. IDs are stable once shipped; see AnalyzerReleases.*.md.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "AutoDiff";

    /// <summary>
    /// Where each diagnostic is explained: its row of the Diagnostics table in the README that ships in the
    /// package (an anchor per ID, checked by DiagnosticMessageTests). Relative until the repository has a public URL.
    /// </summary>
    internal const string HelpLink = "README.md#";

    public static readonly DiagnosticDescriptor MethodNotStatic = new(
        "AD0001",
        "Differentiable method on the run-time tape must be static",
        "Method '{0}' is an instance method whose body needs the run-time tape, which runs static methods only; rewrite the construct reported with it, or make the method static and pass what it reads from fields as parameters",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "ad0001");

    public static readonly DiagnosticDescriptor TypeNotPartial = new(
        "AD0002",
        "Containing type must be partial",
        "Type '{0}' contains the [Differentiable] method '{1}' but is not partial; add the 'partial' modifier so the generated derivatives can be added to it",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "ad0002");

    public static readonly DiagnosticDescriptor UnsupportedSignature = new(
        "AD0003",
        "Unsupported parameter or return type",
        "{0} of '{1}' is not supported: {2}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "ad0003");

    public static readonly DiagnosticDescriptor NoDerivative = new(
        "AD0004",
        "Call to a method with no derivative",
        "'{0}' has no derivative: {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "ad0004");

    public static readonly DiagnosticDescriptor UnsupportedSyntax = new(
        "AD0005",
        "Unsupported statement or expression",
        "{0} is not supported in a [Differentiable] method: {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "ad0005");

    public static readonly DiagnosticDescriptor NameCollision = new(
        "AD0006",
        "Generated name collides with an existing member",
        "The generated method '{0}' for '{1}' collides with an existing member of '{2}'; rename or remove that member",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "ad0006");

    public static readonly DiagnosticDescriptor InternalError = new(
        "AD0007",
        "AutoDiff generator failed on a method",
        "AutoDiff could not generate derivatives for '{0}': {1}. Please report this with the method's code; the other methods are not affected.",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "ad0007");

    public static readonly DiagnosticDescriptor ArrayNotAtTopLevel = new(
        "AD0008",
        "Local array declared inside a loop or branch",
        "The local array '{0}' is declared inside a loop or an if; declare it once at the top level of the method body, before the loop, and reuse it",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "ad0008");

    public static readonly DiagnosticDescriptor InputVectorWritten = new(
        "AD0009",
        "Input vector is written",
        "'{0}' is an input vector of '{1}' and cannot be written; copy it into a local array (Span<double> copy = stackalloc double[{0}.Length]) and change the copy",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "ad0009");

    public static readonly DiagnosticDescriptor UnsupportedVectorUse = new(
        "AD0010",
        "Unsupported use of a vector",
        "{0} is not supported in a [Differentiable] method: {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "ad0010");

    public static readonly DiagnosticDescriptor InvalidCustomDerivative = new(
        "AD0011",
        "Custom derivative does not match its function",
        "'{0}' is marked [DerivativeOf] for '{1}' but its signature matches no derivative form: {2}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "ad0011");

    public static readonly DiagnosticDescriptor OutputMarkedNoDerivative = new(
        "AD0012",
        "Output of a vector-valued method is marked [NoDerivative]",
        "'{0}' is an output of '{1}' (a Span parameter of a void method), and outputs are what the Jacobian differentiates; remove [NoDerivative], or pass the vector as a ReadOnlySpan<double> if it is an input",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "ad0012");

    public static readonly DiagnosticDescriptor MemberWithoutSource = new(
        "AD0030",
        "Member of a struct has no code AutoDiff can see",
        "'{0}' cannot be differentiated: {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "ad0030");

    public static readonly DiagnosticDescriptor InliningFailed = new(
        "AD0031",
        "Member cannot be inlined into a differentiable method",
        "'{0}' is inlined where it is called, and {1} cannot be: {2}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "ad0031");

    public static readonly DiagnosticDescriptor UnsupportedComposite = new(
        "AD0032",
        "Struct or tuple cannot be split into reals",
        "{0} of '{1}' holds reals AutoDiff cannot reach: {2}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "ad0032");

    public static readonly DiagnosticDescriptor TapeFallback = new(
        "AD0020",
        "Method is differentiated on the run-time tape",
        "'{0}' is differentiated on the run-time tape because of {1} at line {2}: every call records each operation and sweeps it back, several times slower than generated code; to avoid it, {3}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "ad0020");

    public static readonly DiagnosticDescriptor TapeUnsupported = new(
        "AD0021",
        "Construct cannot run on the run-time tape",
        "{0} in '{1}' cannot be differentiated, not even on the run-time tape: {2}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "ad0021");
}
