// Trains a small convolutional network on handwriting-like digits that the sample draws itself (28 × 28, like
// MNIST), prints progress, and writes a picture of test predictions and the training curves.
// Usage: dotnet run --project samples/Digits -c Release [-- out.svg]
using System.Diagnostics;
using AutoDiff.NN;
using AutoDiff.Tensors;
using Digits;

const int TrainCount = 3000, TestCount = 1000, Epochs = 6, Batch = 64, Seed = 11;
int size = DigitData.Size;
string output = args.Length > 0 ? Path.GetFullPath(args[0]) : Path.Combine(RepoRoot.Find(), "docs", "digits.svg");

(float[] trainPixels, int[] trainLabels) = DigitData.Make(TrainCount, Seed);
(float[] testPixels, int[] testLabels) = DigitData.Make(TestCount, Seed + 1);
Tensor<float> trainImages = Tensor<float>.FromArray(trainPixels, TrainCount, 1, size, size).Persist();
Tensor<float> testImages = Tensor<float>.FromArray(testPixels, TestCount, 1, size, size).Persist();

var random = new Random(Seed);
var model = new Sequential<float>(
    new Conv2d<float>(1, 8, 3, random, padding: 1), new ReLU<float>(), new MaxPool2d<float>(2),    // 8 × 14 × 14
    new Conv2d<float>(8, 16, 3, random, padding: 1), new ReLU<float>(), new MaxPool2d<float>(2),   // 16 × 7 × 7
    new Flatten<float>(), new Linear<float>(16 * 7 * 7, 64, random), new ReLU<float>(), new Linear<float>(64, 10, random));
var optimizer = new Adam<float>(model.Parameters(), 2e-3f);
var schedule = new CosineAnnealingLR<float>(optimizer, Epochs);
Console.WriteLine($"digits: {TrainCount} training and {TestCount} test images of {size}x{size}; {model.ParameterCount()} parameters");

var losses = new List<double>();
var testAccuracy = new List<double>();
var clock = Stopwatch.StartNew();
int[] order = [.. Enumerable.Range(0, TrainCount)];
for (int epoch = 1; epoch <= Epochs; epoch++)
{
    random.Shuffle(order);
    model.Train();
    double epochLoss = 0;
    int correct = 0;
    for (int start = 0; start < TrainCount; start += Batch)
    {
        // One scope per step: the step's tensors return to the pool when it ends.
        using var step = Tensor.Scope();
        int[] rows = order[start..Math.Min(start + Batch, TrainCount)];
        Tensor<float> x = trainImages.IndexSelect(0, rows);
        int[] y = [.. rows.Select(r => trainLabels[r])];
        optimizer.ZeroGrad();
        Tensor<float> logits = model.Forward(x);
        Tensor<float> loss = Losses.CrossEntropy(logits, y);
        loss.Backward();
        optimizer.Step();
        losses.Add(loss.Item());
        epochLoss += loss.Item() * rows.Length;
        correct += logits.ArgMax(1).Where((p, i) => p == y[i]).Count();
    }
    schedule.Step();
    double test = Evaluate(model, testImages, testLabels, out _);
    testAccuracy.Add(test);
    Console.WriteLine($"epoch {epoch}/{Epochs}  loss {epochLoss / TrainCount:F4}  train accuracy {100.0 * correct / TrainCount:F1}%  test accuracy {test * 100:F1}%  ({clock.Elapsed.TotalSeconds:F1} s)");
}

double accuracy = Evaluate(model, testImages, testLabels, out int[] predicted);
Console.WriteLine($"trained {Epochs} epochs in {clock.Elapsed.TotalSeconds:F1} s; test accuracy {accuracy * 100:F2}% on {TestCount} unseen digits");
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
File.WriteAllText(output, Picture.Render(testPixels, testLabels, predicted, losses, testAccuracy, accuracy));
Console.WriteLine($"wrote {output}");
return accuracy >= 0.95 ? 0 : 1;

static double Evaluate(Module<float> model, Tensor<float> images, int[] labels, out int[] predicted)
{
    model.Eval();
    using var scope = Tensor.Scope();
    using (Tensor.NoGrad())
    {
        predicted = model.Forward(images).ArgMax(1);
    }
    int[] p = predicted;
    return p.Where((v, i) => v == labels[i]).Count() / (double)labels.Length;
}
