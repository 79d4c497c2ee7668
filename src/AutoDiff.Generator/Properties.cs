using System.Runtime.CompilerServices;

// Tests build models by hand and inspect pipeline steps.
[assembly: InternalsVisibleTo("AutoDiff.Generator.Tests")]
