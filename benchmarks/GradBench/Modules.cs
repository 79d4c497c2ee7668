using AutoDiff.GradBench.Evals.Ba;
using AutoDiff.GradBench.Evals.Det;
using AutoDiff.GradBench.Evals.Gmm;
using AutoDiff.GradBench.Evals.Hello;
using AutoDiff.GradBench.Evals.Ht;
using AutoDiff.GradBench.Evals.Kmeans;
using AutoDiff.GradBench.Evals.Llsq;
using AutoDiff.GradBench.Evals.Lse;
using AutoDiff.GradBench.Evals.Lstm;
using AutoDiff.GradBench.Evals.Ode;
using AutoDiff.GradBench.Evals.Particle;
using AutoDiff.GradBench.Evals.Saddle;
using AutoDiff.GradBench.Protocol;

namespace AutoDiff.GradBench;

/// <summary>Every eval module this tool implements.</summary>
public static class Modules
{
    /// <summary>The modules, by the names the evals' <c>define</c> messages use.</summary>
    public static IReadOnlyList<EvalModule> All { get; } =
    [
        HelloModule.Module,
        GmmModule.Module,
        LseModule.Module,
        LlsqModule.Module,
        DetModule.Module,
        OdeModule.Module,
        KmeansModule.Module,
        LstmModule.Module,
        BaModule.Module,
        HtModule.Module,
        ParticleModule.Module,
        SaddleModule.Module,
    ];
}
