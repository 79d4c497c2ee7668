using System.Numerics;

namespace AutoDiff.Tensors;

public sealed partial class Tensor<T>
{
    /// <summary>
    /// Computes gradients of this tensor with respect to every leaf that requires grad and adds them to the
    /// leaves' <see cref="Grad"/>. A non-scalar tensor needs an explicit <paramref name="gradient"/> of its shape.
    /// The graph is freed afterwards unless <paramref name="retainGraph"/> is true; a second pass through a freed
    /// graph throws <see cref="InvalidOperationException"/>.
    /// </summary>
    /// <param name="gradient">Gradient of the final objective with respect to this tensor (defaults to 1 for scalars).</param>
    /// <param name="retainGraph">Keep the saved tensors so that backward can run through this graph again.</param>
    public void Backward(Tensor<T>? gradient = null, bool retainGraph = false)
    {
        if (!RequiresGrad)
        {
            throw new InvalidOperationException("Backward() called on a tensor that does not require grad and has no recorded history.");
        }
        if (gradient is null)
        {
            if (Count != 1)
            {
                throw new InvalidOperationException(
                    $"Backward() without a gradient needs a one-element tensor; this one has shape {ShapeUtil.Format(Dims)}. Pass a gradient of that shape.");
            }
            gradient = Full(T.One, Dims);
        }
        else if (!ShapeUtil.SameShape(gradient.Dims, Dims))
        {
            throw new ArgumentException(
                $"Gradient shape {ShapeUtil.Format(gradient.Dims)} does not match tensor shape {ShapeUtil.Format(Dims)}.", nameof(gradient));
        }

        if (Node is null)
        {
            AccumulateLeaf(this, gradient);
            return;
        }

        List<Tensor<T>> order = TopologicalOrder(this);
        foreach (Tensor<T> t in order)
        {
            if (t.Node!.BackwardFn is null)
            {
                throw new InvalidOperationException(
                    $"Trying to backward through the graph a second time: the saved values of '{t.Node.Name}' were freed by an earlier Backward(). Pass retainGraph: true to the first call.");
            }
        }

        var pending = new Dictionary<Tensor<T>, Tensor<T>>(ReferenceEqualityComparer.Instance) { [this] = gradient };
        using (Tensor.NoGrad())
        {
            foreach (Tensor<T> t in order)
            {
                GradNode<T> node = t.Node!;
                if (!pending.Remove(t, out Tensor<T>? g))
                {
                    continue;
                }
                Tensor<T>?[] inputGrads = node.BackwardFn!(g);
                for (int i = 0; i < node.Inputs.Length; i++)
                {
                    Tensor<T> input = node.Inputs[i];
                    Tensor<T>? gi = inputGrads[i];
                    if (gi is null || !input.RequiresGrad)
                    {
                        continue;
                    }
                    if (input.Node is null)
                    {
                        AccumulateLeaf(input, gi);
                    }
                    else
                    {
                        pending[input] = pending.TryGetValue(input, out Tensor<T>? prev) ? prev + gi : gi;
                    }
                }
                if (!retainGraph)
                {
                    node.Release();
                }
            }
        }
    }

    private static void AccumulateLeaf(Tensor<T> leaf, Tensor<T> g)
    {
        if (leaf.Grad is null)
        {
            // Copy: g may be shared with other leaves (e.g. both inputs of an addition) or with the caller.
            leaf.Grad = new Tensor<T>((T[])g.Data.Clone(), (int[])leaf.Dims.Clone());
        }
        else
        {
            System.Numerics.Tensors.TensorPrimitives.Add(leaf.Grad.Data, g.Data, leaf.Grad.Data);
        }
    }

    /// <summary>Non-leaf tensors reachable from <paramref name="root"/>, each before all of its inputs. Iterative.</summary>
    private static List<Tensor<T>> TopologicalOrder(Tensor<T> root)
    {
        var postOrder = new List<Tensor<T>>();
        var visited = new HashSet<Tensor<T>>(ReferenceEqualityComparer.Instance) { root };
        var stack = new Stack<(Tensor<T> Tensor, int NextInput)>();
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
        postOrder.Reverse();
        return postOrder;
    }
}
