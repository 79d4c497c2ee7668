using System.Runtime.CompilerServices;
using System.Text.Json;
using AutoDiff.GradBench.Protocol;

namespace AutoDiff.GradBench.Evals.Ode;

/// <summary>
/// The <c>ode</c> module: <c>primal</c> is <see cref="Ode.Solve"/>; <c>gradient</c>, the gradient of the solution's
/// last element, is the generated vector-Jacobian product <c>SolveVjp</c> with the adjoint eₙ₋₁.
/// </summary>
public static class OdeModule
{
    /// <summary>The module.</summary>
    public static EvalModule Module { get; } = new("ode", new Dictionary<string, Func<JsonElement, IEvaluation>>
    {
        ["primal"] = input => new Evaluation(Json.Doubles(input.GetProperty("x")), input.GetProperty("s").GetInt32(), gradient: false),
        ["gradient"] = input => new Evaluation(Json.Doubles(input.GetProperty("x")), input.GetProperty("s").GetInt32(), gradient: true),
    });

    private sealed class Evaluation : IEvaluation
    {
        private readonly double[] _x;
        private readonly int _s;
        private readonly bool _gradient;
        private readonly double[] _y;
        private readonly double[] _yBar;
        private readonly double[] _dx;

        public Evaluation(double[] x, int s, bool gradient)
        {
            _x = x;
            _s = s;
            _gradient = gradient;
            _y = new double[x.Length];
            _yBar = new double[x.Length];
            _yBar[^1] = 1;
            _dx = new double[x.Length];
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run()
        {
            if (_gradient)
            {
                Ode.SolveVjp(_x, _s, _y, _yBar, _dx);
            }
            else
            {
                Ode.Solve(_x, _s, _y);
            }
        }

        public void WriteOutput(Utf8JsonWriter writer) => Json.Write(writer, _gradient ? _dx : _y);
    }
}
