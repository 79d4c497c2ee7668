using System.Collections.Generic;
using System.Globalization;

namespace AutoDiff.Generator.Helpers;

/// <summary>Hands out identifiers that collide with nothing in the method: deterministic, first come first served.</summary>
internal sealed class NameAllocator
{
    private readonly HashSet<string> _taken;

    public NameAllocator() => _taken = new HashSet<string>();

    private NameAllocator(HashSet<string> taken) => _taken = new HashSet<string>(taken);

    public void Reserve(string name) => _taken.Add(name);

    public bool IsTaken(string name) => _taken.Contains(name);

    /// <summary><paramref name="prefix"/> if it is free, else the first free <c>prefix_1</c>, <c>prefix_2</c>, ...</summary>
    public string Fresh(string prefix)
    {
        if (_taken.Add(prefix))
        {
            return prefix;
        }

        for (int i = 1; ; i++)
        {
            string candidate = prefix + "_" + i.ToString(CultureInfo.InvariantCulture);
            if (_taken.Add(candidate))
            {
                return candidate;
            }
        }
    }

    /// <summary>A copy, so each generated method allocates its own names from the same starting set.</summary>
    public NameAllocator Clone() => new(_taken);
}
