using System.Globalization;
using CurveFit;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

// Noisy samples of y = 2.5·exp(−1.3·t) + 0.4 (fixed seed, so the output is the same every run).
const int Count = 40;
var random = new Random(7);
double[] t = Enumerable.Range(0, Count).Select(i => i * 0.1).ToArray();
double[] y = t.Select(ti => (2.5 * Math.Exp(-1.3 * ti)) + 0.4 + (0.02 * (random.NextDouble() - 0.5))).ToArray();

Console.WriteLine("Levenberg-Marquardt fit of y = a·exp(-b·t) + c to 40 noisy points, Jacobian from ResidualsJacobian:");
double[] p = { 1.0, 0.5, 0.0 };
int iterations = LevenbergMarquardt.Fit(
    (parameters, residuals, jacobian) => Model.ResidualsJacobian(parameters, t, y, residuals, jacobian),
    p,
    Count,
    maxIterations: 100,
    progress: (i, cost, lambda) => Console.WriteLine($"  iteration {i,3}: sum of squares = {cost,10:G5}  lambda = {lambda:G2}"));
Console.WriteLine($"Converged in {iterations} iterations: a = {p[0]:F4}, b = {p[1]:F4}, c = {p[2]:F4} (data made with 2.5, 1.3, 0.4).");
