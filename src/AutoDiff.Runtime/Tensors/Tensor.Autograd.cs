using System.Numerics;
using AutoDiff.Tensors.Kernels;

namespace AutoDiff.Tensors;

public sealed partial class Tensor<T>
{
    /// <summary>
    /// Computes gradients of this tensor with respect to every leaf that requires grad and adds them to the
    /// leaves' <see cref="Grad"/>. A non-scalar tensor needs an explicit <paramref name="gradient"/> of its shape.
    /// The graph is freed afterwards unless <paramref name="retainGraph"/> is true; a second pass through a freed
    /// graph throws <see cref="InvalidOperationException"/>. Every temporary of the backward pass goes back to the
    /// buffer pool before this method returns.
    /// </summary>
    /// <param name="gradient">Gradient of the final objective with respect to this tensor (defaults to 1 for scalars).</param>
    /// <param name="retainGraph">Keep the saved tensors so that backward can run through this graph again.</param>
    /// <param name="createGraph">Record the backward pass, so the accumulated gradients can be differentiated again.</param>
    public void Backward(Tensor<T>? gradient = null, bool retainGraph = false, bool createGraph = false)
    {
        if (!RequiresGrad)
        {
            throw new InvalidOperationException("Backward() called on a tensor that does not require grad and has no recorded history.");
        }
        gradient = CheckRootGradient(this, gradient, nameof(gradient));
        Run([this], [gradient], retainGraph || createGraph, createGraph, capture: null, allowUnused: true);
    }

    internal static Tensor<T>?[] GradOf(Tensor<T>[] outputs, Tensor<T>[] inputs, Tensor<T>[]? gradOutputs, bool createGraph, bool retainGraph, bool allowUnused)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(inputs);
        if (outputs.Length == 0)
        {
            throw new ArgumentException("Grad needs at least one output.", nameof(outputs));
        }
        if (gradOutputs is not null && gradOutputs.Length != outputs.Length)
        {
            throw new ArgumentException($"{gradOutputs.Length} output gradients for {outputs.Length} outputs.", nameof(gradOutputs));
        }
        var seeds = new Tensor<T>[outputs.Length];
        for (int i = 0; i < outputs.Length; i++)
        {
            Tensor<T> o = outputs[i] ?? throw new ArgumentNullException(nameof(outputs));
            if (!o.RequiresGrad)
            {
                throw new ArgumentException($"Output {i} does not require grad and has no recorded history.", nameof(outputs));
            }
            seeds[i] = CheckRootGradient(o, gradOutputs?[i], nameof(gradOutputs));
        }
        foreach (Tensor<T> input in inputs)
        {
            ArgumentNullException.ThrowIfNull(input, nameof(inputs));
            if (!input.RequiresGrad)
            {
                throw new ArgumentException("Every input of Grad must require grad.", nameof(inputs));
            }
        }
        return Run(outputs, seeds, retainGraph, createGraph, inputs, allowUnused);
    }

    private static Tensor<T> CheckRootGradient(Tensor<T> root, Tensor<T>? gradient, string paramName)
    {
        if (gradient is null)
        {
            if (root.Count != 1)
            {
                throw new InvalidOperationException(
                    $"Backward() without a gradient needs a one-element tensor; this one has shape {ShapeUtil.Format(root.Dims)}. Pass a gradient of that shape.");
            }
            return Full(T.One, root.Dims);
        }
        if (!ShapeUtil.SameShape(gradient.Dims, root.Dims))
        {
            throw new ArgumentException(
                $"Gradient shape {ShapeUtil.Format(gradient.Dims)} does not match tensor shape {ShapeUtil.Format(root.Dims)}.", paramName);
        }
        return gradient;
    }

    /// <summary>
    /// The backward engine. Walks the nodes reachable from <paramref name="roots"/> in reverse topological order,
    /// summing the gradient arriving at each tensor before passing it on. Without <paramref name="capture"/> the
    /// leaves' gradients are accumulated into <see cref="Grad"/>; with it, the gradients of the captured tensors are
    /// returned and no <see cref="Grad"/> changes.
    /// </summary>
    private static Tensor<T>?[] Run(Tensor<T>[] roots, Tensor<T>[] seeds, bool retainGraph, bool createGraph, Tensor<T>[]? capture, bool allowUnused)
    {
        List<Tensor<T>> order = TopologicalOrder(roots);
        foreach (Tensor<T> t in order)
        {
            if (t.Node!.BackwardFn is null)
            {
                throw new InvalidOperationException(
                    $"Trying to backward through the graph a second time: the saved values of '{t.Node.Name}' were freed by an earlier Backward(). Pass retainGraph: true to the first call.");
            }
        }

        var pending = new Dictionary<Tensor<T>, Tensor<T>>(ReferenceEqualityComparer.Instance);
        HashSet<Tensor<T>>? captured = capture is null ? null : new HashSet<Tensor<T>>(capture, ReferenceEqualityComparer.Instance);
        var results = new Dictionary<Tensor<T>, Tensor<T>>(ReferenceEqualityComparer.Instance);
        // Without createGraph every temporary made below is recycled when this scope ends; results are promoted out of it.
        TensorScope? scope = createGraph ? null : Tensor.Scope();
        NoGradScope mode = createGraph ? Tensor.EnableGrad() : Tensor.NoGrad();
        bool outerDirect = _leafGradsInPlace;
        _leafGradsInPlace = captured is null && !createGraph;
        try
        {
            for (int i = 0; i < roots.Length; i++)
            {
                Add(pending, roots[i], seeds[i]);
            }
            foreach (Tensor<T> t in order)
            {
                GradNode<T> node = t.Node!;
                if (!pending.Remove(t, out Tensor<T>? g))
                {
                    continue;
                }
                if (captured is not null && captured.Contains(t))
                {
                    results[t] = g;
                }
                node.CheckSavedVersions();
                Tensor<T>?[] inputGrads = node.BackwardFn!(g);
                for (int i = 0; i < node.Inputs.Length; i++)
                {
                    Tensor<T> input = node.Inputs[i];
                    Tensor<T>? gi = inputGrads[i];
                    if (gi is null || !input.RequiresGrad)
                    {
                        continue;
                    }
                    if (input.Node is null && captured is null)
                    {
                        AccumulateLeaf(input, gi, createGraph);
                    }
                    else
                    {
                        Add(pending, input, gi);
                    }
                }
                if (!retainGraph)
                {
                    node.Release();
                }
            }
            if (captured is null)
            {
                // A root that is itself a leaf (x.Backward() on a parameter) receives its seed directly.
                foreach ((Tensor<T> t, Tensor<T> g) in pending)
                {
                    if (t.Node is null)
                    {
                        AccumulateLeaf(t, g, createGraph);
                    }
                }
                return [];
            }
            foreach (Tensor<T> t in capture!)
            {
                if (t.Node is null && pending.TryGetValue(t, out Tensor<T>? g))
                {
                    results[t] = g;
                }
            }
            var output = new Tensor<T>?[capture!.Length];
            for (int i = 0; i < capture.Length; i++)
            {
                if (!results.TryGetValue(capture[i], out Tensor<T>? g))
                {
                    if (!allowUnused)
                    {
                        throw new InvalidOperationException($"Input {i} of Grad is not used by the outputs; pass allowUnused: true to get null for it.");
                    }
                    continue;
                }
                g = g.Dims.Length == capture[i].Dims.Length ? g : g.Reshape(capture[i].Dims);
                if (!createGraph)
                {
                    // A contiguous copy moved to the caller's scope: the backward scope recycles everything else it made.
                    Tensor<T> copy = Empty(g.Dims);
                    Elementwise.Copy(g, copy);
                    TensorScope.Promote(copy.Storage);
                    g = copy;
                }
                output[i] = g;
            }
            return output;
        }
        finally
        {
            _leafGradsInPlace = outerDirect;
            mode.Dispose();
            scope?.Dispose();
        }
    }

    /// <summary>
    /// True while a backward pass on this thread accumulates leaves' gradients into <see cref="Grad"/> (no
    /// createGraph, no captured inputs): a backward function may then add a leaf's gradient into its existing
    /// <see cref="Grad"/> itself instead of returning it, as <see cref="AccumulateLeaf"/> would.
    /// </summary>
    [ThreadStatic]
    private static bool _leafGradsInPlace;

    /// <summary>
    /// The accumulated gradient of <paramref name="leaf"/> that a backward function may add into directly (see
    /// <see cref="_leafGradsInPlace"/>), or null when the gradient must be returned to the engine instead.
    /// </summary>
    private static Tensor<T>? InPlaceLeafGrad(Tensor<T> leaf) =>
        _leafGradsInPlace && leaf.Node is null && leaf.RequiresGrad && leaf.Grad is { IsContiguous: true, RequiresGrad: false } acc ? acc : null;

    private static void Add(Dictionary<Tensor<T>, Tensor<T>> pending, Tensor<T> target, Tensor<T> g)
    {
        pending[target] = pending.TryGetValue(target, out Tensor<T>? prev) ? prev + g : g;
    }

    private static void AccumulateLeaf(Tensor<T> leaf, Tensor<T> g, bool createGraph)
    {
        if (createGraph)
        {
            Tensor<T> sum = leaf.Grad is null ? g : leaf.Grad + g;
            TensorScope.Disown(sum.Storage);
            leaf.Grad = sum;
            return;
        }
        if (leaf.Grad is null)
        {
            // A buffer of the leaf's own, owned by no scope: g may be shared with other leaves or recycled.
            var grad = new Tensor<T>(Storage<T>.Wrap(GC.AllocateUninitializedArray<T>(leaf.Count)), leaf.Dims);
            Elementwise.Copy(g, grad);
            leaf.Grad = grad;
        }
        else
        {
            Tensor<T> acc = leaf.Grad;
            if (!acc.IsContiguous || acc.RequiresGrad)
            {
                leaf.Grad = acc = acc.Detach().Clone().Keep();
                TensorScope.Disown(acc.Storage);
            }
            Elementwise.AddInto(acc, g);
        }
    }

    /// <summary>Non-leaf tensors reachable from the roots, each before all of its inputs. Iterative.</summary>
    private static List<Tensor<T>> TopologicalOrder(Tensor<T>[] roots)
    {
        var postOrder = new List<Tensor<T>>();
        var visited = new HashSet<Tensor<T>>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor<T> Tensor, int NextInput)>();
        foreach (Tensor<T> root in roots)
        {
            if (root.Node is null || !visited.Add(root))
            {
                continue;
            }
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (t, next) = stack.Pop();
                Tensor<T>[] inputs = t.Node!.Inputs;
                bool descended = false;
                while (next < inputs.Length)
                {
                    Tensor<T> child = inputs[next++];
                    if (child.Node is not null && visited.Add(child))
                    {
                        stack.Push((t, next));
                        stack.Push((child, 0));
                        descended = true;
                        break;
                    }
                }
                if (!descended)
                {
                    postOrder.Add(t);
                }
            }
        }
        postOrder.Reverse();
        return postOrder;
    }
}
