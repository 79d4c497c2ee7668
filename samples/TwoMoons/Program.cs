// Trains a small MLP on the two-moons data set with the AutoDiff tensor engine, then draws the decision
// boundary and the loss curve to an SVG. Usage: dotnet run --project samples/TwoMoons -c Release [-- out.svg]
using System.Diagnostics;
using System.Globalization;
using AutoDiff.NN;
using AutoDiff.Tensors;
using TwoMoons;

const int Samples = 400;
const int Epochs = 400;
const double Noise = 0.2;
const int Seed = 7;

string output = args.Length > 0 ? Path.GetFullPath(args[0]) : Path.Combine(RepoRoot.Find(), "docs", "two-moons.svg");

(Tensor<double> points, int[] labels) = Datasets.TwoMoons<double>(Samples, Noise, Seed);
Sequential<double> model = Mlp.Create<double>([2, 32, 32, 2], Activation.Tanh, new Random(Seed));
var optimizer = new Adam<double>(model.Parameters(), learningRate: 0.02);
Console.WriteLine($"two moons: {Samples} points, noise {Noise}; model {model} ({model.ParameterCount()} parameters)");

var losses = new List<double>();
var clock = Stopwatch.StartNew();
double accuracy = 0;
bool interactive = !Console.IsOutputRedirected;
for (int epoch = 1; epoch <= Epochs; epoch++)
{
    // Every tensor the step makes goes back to the pool when the scope ends: a steady loop allocates almost nothing.
    using var step = Tensor.Scope();
    optimizer.ZeroGrad();
    Tensor<double> logits = model.Forward(points);
    Tensor<double> loss = Losses.CrossEntropy(logits, labels);
    loss.Backward();
    optimizer.Step();
    losses.Add(loss.Item());

    if (epoch % 25 == 0 || epoch == 1 || epoch == Epochs)
    {
        accuracy = Metrics.Accuracy(logits, labels);
        string line = $"epoch {epoch,4}/{Epochs}  loss {loss.Item():F4}  accuracy {accuracy * 100:F1}%  {Progress.Bar(epoch, Epochs)}";
        if (interactive)
        {
            Console.Write("\r" + line);
        }
        else if (epoch % 100 == 0 || epoch == 1)
        {
            Console.WriteLine(line);
        }
    }
}
if (interactive)
{
    Console.WriteLine();
}

using (Tensor.NoGrad())
{
    accuracy = Metrics.Accuracy(model.Forward(points), labels);
}
Console.WriteLine($"trained {Epochs} epochs in {clock.Elapsed.TotalSeconds:F2} s; final loss {losses[^1]:F4}; training accuracy {accuracy * 100:F2}%");

string svg = SvgPlot.Render(model, points, labels, losses, accuracy);
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
File.WriteAllText(output, svg);
Console.WriteLine($"wrote {output}");
return accuracy >= 0.97 ? 0 : 1;
