namespace AutoDiff.Benchmarks.Suites;

// The place for the Hessian suite (issue 7, part 2). When the generator emits
// FHessian(..., Span<double> hessian) and FHessianVectorProduct(...), add here:
//   - a BenchmarkDotNet class like ScalarSuite comparing, for Rosenbrock, Beale and the loop objectives,
//     the function; FHessianVectorProduct; a hand-written Hessian-vector product; central differences of
//     the generated gradient, (∇f(x + h·v) − ∇f(x − h·v)) / 2h; and FHessian against n HVPs;
//   - a HessianCase : GradientCase whose "gradient" is H·v (or the n × n Hessian), so quick mode's
//     checks and ratio table pick it up by being added to QuickRunner.Cases().
