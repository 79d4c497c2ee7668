using System.Globalization;
using Samples;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

Console.WriteLine("AutoDiff sample: derivatives written by the compiler, called like any method.");
Console.WriteLine();

// 1. Reverse mode: the value and every partial derivative in one call.
double f = Functions.RosenbrockGradient(-1.2, 1.0, out double dfdx, out double dfdy);
Console.WriteLine($"Rosenbrock(-1.2, 1)        = {f:F4}   gradient = ({dfdx:F4}, {dfdy:F4})");

// 2. Forward mode: the derivative along a direction (here: along x only).
Functions.RosenbrockDerivative(-1.2, 1.0, 1.0, 0.0, out double alongX);
Console.WriteLine($"RosenbrockDerivative along x = {alongX:F4}   (matches the reverse-mode df/dx)");

double loss = Functions.LogisticLossGradient(0.5, -0.25, feature: 2.0, label: 1.0, out double dw, out double db);
Console.WriteLine($"LogisticLoss(w=0.5, b=-0.25) = {loss:F4}   dL/dw = {dw:F4}, dL/db = {db:F4}");

float energy = Functions.SpringEnergyGradient(0.3f, 1.5f, stiffness: 4f, out float dPosition, out float dVelocity);
Console.WriteLine($"SpringEnergy (float)         = {energy:F4}   dE/dposition = {dPosition:F4}, dE/dvelocity = {dVelocity:F4}");
Console.WriteLine();

// 3. Use the gradient: minimise Rosenbrock from the classic start (-1.2, 1) with BFGS.
Console.WriteLine("Minimising Rosenbrock with BFGS from (-1.2, 1):");
var (x, y, iterations) = Minimizer.Minimize(
    Functions.RosenbrockGradient,
    -1.2,
    1.0,
    maxIterations: 200,
    tolerance: 1e-10,
    progress: (i, px, py, value, norm) =>
    {
        if (i == 1 || i % 5 == 0)
        {
            Console.WriteLine($"  iteration {i,3}: f = {value,10:G4}  |gradient| = {norm,10:G4}  at ({px:F6}, {py:F6})");
        }
    });
Console.WriteLine($"Converged in {iterations} iterations to ({x:F8}, {y:F8}); the true minimum is (1, 1).");
Console.WriteLine();

// 4. Loops over spans: the gradient of the 10-dimensional Rosenbrock goes into a Span<double>.
double[] point = Enumerable.Range(0, 10).Select(i => i % 2 == 0 ? -1.2 : 1.0).ToArray();
double[] gradient = new double[point.Length];
double valueN = Functions.RosenbrockNGradient(point, gradient);
Console.WriteLine($"RosenbrockN (10-D) at (-1.2, 1, -1.2, ...) = {valueN:F4}");
Console.WriteLine($"  gradient = [{string.Join(", ", gradient.Select(g => g.ToString("F2", CultureInfo.InvariantCulture)))}]");

// Forward mode along the gradient itself gives |gradient|², a check that both modes agree.
Functions.RosenbrockNDerivative(point, gradient, out double alongGradient);
double squaredNorm = gradient.Sum(g => g * g);
Console.WriteLine($"  derivative along the gradient = {alongGradient:F4}, |gradient|^2 = {squaredNorm:F4}");
Console.WriteLine();

// 5. Second derivatives: Newton's method with the generated Hessian (forward mode over reverse mode).
var hessian2 = new double[4];
Functions.RosenbrockHessian(-1.2, 1.0, hessian2);
Console.WriteLine($"Hessian of Rosenbrock at (-1.2, 1) = [[{hessian2[0]:F1}, {hessian2[1]:F1}], [{hessian2[2]:F1}, {hessian2[3]:F1}]]");
Console.WriteLine("Minimising Rosenbrock with Newton's method from (-1.2, 1):");
double[] start = [-1.2, 1.0];
int newtonIterations = Newton.Minimize(
    (p, g) => Functions.RosenbrockGradient(p[0], p[1], out g[0], out g[1]),
    (p, h) => Functions.RosenbrockHessian(p[0], p[1], h),
    start,
    maxIterations: 100,
    tolerance: 1e-8,
    progress: (i, value, norm, shift) =>
        Console.WriteLine($"  iteration {i,3}: f = {value,10:G4}  |gradient| = {norm,10:G4}{(shift > 0 ? $"  (Hessian shifted by {shift:G2})" : string.Empty)}"));
Console.WriteLine($"Converged in {newtonIterations} iterations to ({start[0]:F8}, {start[1]:F8}).");

// The 10-D Rosenbrock from the origin: Newton steps on its 10 x 10 Hessian, quadratic convergence at the end.
double[] startN = new double[10];
int newtonN = Newton.Minimize(
    (p, g) => Functions.RosenbrockNGradient(p, g),
    (p, h) => Functions.RosenbrockNHessian(p, h),
    startN,
    maxIterations: 200,
    tolerance: 1e-8,
    progress: (i, value, norm, shift) =>
    {
        if (i % 5 == 0 || norm < 1e-3)
        {
            Console.WriteLine($"  10-D iteration {i,3}: f = {value,10:G4}  |gradient| = {norm,10:G4}");
        }
    });
Console.WriteLine($"Newton on the 10-D Rosenbrock from the origin: {newtonN} iterations to [{string.Join(", ", startN.Select(v => v.ToString("F6", CultureInfo.InvariantCulture)))}].");

// A Hessian-vector product costs about one gradient on dual numbers and never forms the Hessian.
var product = new double[point.Length];
Functions.RosenbrockNHessianVectorProduct(point, gradient, product);
var hessianN = new double[point.Length * point.Length];
Functions.RosenbrockNHessian(point, hessianN);
double worst = Enumerable.Range(0, point.Length)
    .Max(i => Math.Abs(product[i] - Enumerable.Range(0, point.Length).Sum(j => hessianN[(i * point.Length) + j] * gradient[j])));
Console.WriteLine($"Hessian-vector product along the gradient at the 10-D start: |Hv - H*v| = {worst:G2}");
Console.WriteLine();

// 6. Read the generated code: it is ordinary C#, written under obj/ when EmitCompilerGeneratedFiles is on.
string? file = GeneratedFile("Samples.Functions.Softplus_double.g.cs");
if (file is null)
{
    Console.WriteLine("Generated files appear under obj/<Configuration>/net10.0/generated/ after a build.");
}
else
{
    Console.WriteLine($"The generated derivatives of Softplus ({Path.GetRelativePath(Environment.CurrentDirectory, file)}):");
    Console.WriteLine();
    Console.WriteLine(File.ReadAllText(file));
}

static string? GeneratedFile(string name)
{
    for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        string obj = Path.Combine(directory.FullName, "obj");
        if (File.Exists(Path.Combine(directory.FullName, "Rosenbrock.csproj")) && Directory.Exists(obj))
        {
            return Directory.EnumerateFiles(obj, name, SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault();
        }
    }

    return null;
}
