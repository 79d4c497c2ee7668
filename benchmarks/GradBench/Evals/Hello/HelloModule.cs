using AutoDiff.GradBench.Protocol;

namespace AutoDiff.GradBench.Evals.Hello;

/// <summary>The <c>hello</c> module: <c>square</c> and <c>double</c> (its gradient), on a bare number.</summary>
public static class HelloModule
{
    /// <summary>The module.</summary>
    public static EvalModule Module { get; } = new("hello", new Dictionary<string, Func<System.Text.Json.JsonElement, IEvaluation>>
    {
        ["square"] = input =>
        {
            double x = input.GetDouble();
            double y = 0;
            return new DelegateEvaluation(() => y = Hello.Square(x), w => w.WriteNumberValue(y));
        },
        ["double"] = input =>
        {
            double x = input.GetDouble();
            double dx = 0;
            return new DelegateEvaluation(() => Hello.SquareGradient(x, out dx), w => w.WriteNumberValue(dx));
        },
    });
}
