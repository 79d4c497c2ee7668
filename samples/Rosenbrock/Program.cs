using Samples;

double f = Functions.RosenbrockGradient(1.5, 2.0, out double dx, out double dy);
Console.WriteLine($"f = {f}, df/dx = {dx}, df/dy = {dy}");
