namespace AutoDiff.Taping;

/// <summary>
/// One recorded operation: up to two parents and the local partial derivative towards each.
/// Unused parent slots point at node 0, the constant sink, with a zero partial, so the
/// backward sweep needs no branch per slot.
/// </summary>
internal struct TapeNode
{
    public int Parent0;
    public int Parent1;
    public double Partial0;
    public double Partial1;

    public TapeNode(int parent0, double partial0, int parent1, double partial1)
    {
        Parent0 = parent0;
        Parent1 = parent1;
        Partial0 = partial0;
        Partial1 = partial1;
    }
}
