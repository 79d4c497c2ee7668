namespace AutoDiff;

/// <summary>How the generator implements <c>FGradient</c> and <c>FDerivative</c> for one method.</summary>
public enum DifferentiationStrategy
{
    /// <summary>Source transformation where possible; otherwise the run-time tape, reported as warning AD0020.</summary>
    Auto,

    /// <summary>Source transformation only: a body it cannot handle is an error, as if the tape did not exist.</summary>
    SourceTransform,

    /// <summary>Always the run-time tape (<c>Var</c> for reverse mode, <c>Dual</c> for forward mode), without a message.</summary>
    Tape,
}
