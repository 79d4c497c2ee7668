using System.Runtime.CompilerServices;
using System.Text.Json;
using AutoDiff.DualNumbers;
using AutoDiff.GradBench.Protocol;

namespace AutoDiff.GradBench.Evals.Kmeans;

/// <summary>
/// The <c>kmeans</c> module: <c>cost</c> is <see cref="Kmeans.Cost"/>; <c>dir</c> is J·H⁻¹ with J the gradient
/// and H the (diagonal) Hessian with respect to the centroids. Both come from one call of the generated
/// <c>CostGradientDual</c> (forward over reverse) with every centroid's tangent 1: the values are J, the tangents
/// H·1, which is H's diagonal because H is diagonal.
/// </summary>
public static class KmeansModule
{
    /// <summary>The module.</summary>
    public static EvalModule Module { get; } = new("kmeans", new Dictionary<string, Func<JsonElement, IEvaluation>>
    {
        ["cost"] = input => new Evaluation(input, direction: false),
        ["dir"] = input => new Evaluation(input, direction: true),
    });

    private sealed class Evaluation : IEvaluation
    {
        private readonly double[] _points;
        private readonly double[] _centroids;
        private readonly int _d;
        private readonly bool _direction;
        private readonly Dual[] _centroidsDual;
        private readonly Dual[] _gradientDual;
        private readonly double[] _dir;
        private double _cost;

        public Evaluation(JsonElement input, bool direction)
        {
            _points = Json.Rows(input.GetProperty("points"), out _, out _d);
            _centroids = Json.Rows(input.GetProperty("centroids"), out _, out _);
            _direction = direction;
            _centroidsDual = new Dual[_centroids.Length];
            _gradientDual = new Dual[_centroids.Length];
            _dir = new double[_centroids.Length];
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run()
        {
            if (!_direction)
            {
                _cost = Kmeans.Cost(_points, _centroids, _d);
                return;
            }

            for (int i = 0; i < _centroids.Length; i++)
            {
                _centroidsDual[i] = new Dual(_centroids[i], 1);
            }

            Kmeans.CostGradientDual(_points, _centroidsDual, _d, _gradientDual);
            for (int i = 0; i < _dir.Length; i++)
            {
                _dir[i] = _gradientDual[i].Value / _gradientDual[i].Tangent;
            }
        }

        public void WriteOutput(Utf8JsonWriter writer)
        {
            if (_direction)
            {
                Json.WriteRows(writer, _dir, _d);
            }
            else
            {
                writer.WriteNumberValue(_cost);
            }
        }
    }
}
