using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AutoDiff.CompilerServices;

namespace AutoDiff.Runtime.Tests;

public class WorkspaceTests
{
    // Chunk layout depends on what ran before on a thread, so layout-sensitive tests get a new thread.
    private static void OnFreshThread(Action body)
    {
        Exception? failure = null;
        Thread thread = new(() =>
        {
            try
            {
                body();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            throw new AggregateException(failure);
        }
    }

    private static bool Adjacent(Span<double> first, Span<double> second) =>
        Unsafe.AreSame(ref Unsafe.Add(ref MemoryMarshal.GetReference(first), first.Length), ref MemoryMarshal.GetReference(second));

    [Fact]
    public void Values_pop_in_reverse_order_across_types()
    {
        Workspace ws = Workspace.Current;
        WorkspaceMark mark = ws.Mark();
        try
        {
            ws.Push(1.5);
            ws.Push(-7);
            ws.Push(true);
            ws.Push(double.NaN);
            ws.Push(int.MinValue);
            ws.Push(false);
            ws.Push(-0.0);

            Assert.True(double.IsNegative(ws.PopDouble())); // -0.0 keeps its sign: stored by its bits
            Assert.False(ws.PopBool());
            Assert.Equal(int.MinValue, ws.PopInt());
            Assert.True(double.IsNaN(ws.PopDouble()));
            Assert.True(ws.PopBool());
            Assert.Equal(-7, ws.PopInt());
            Assert.Equal(1.5, ws.PopDouble());
        }
        finally
        {
            ws.Release(mark);
        }
    }

    [Fact]
    public void A_million_pushes_grow_the_stack_and_pop_back_exactly()
    {
        const int N = 1_000_000;
        Workspace ws = Workspace.Current;
        WorkspaceMark mark = ws.Mark();
        try
        {
            for (int i = 0; i < N; i++)
            {
                ws.Push(i * 0.25);
                ws.Push(i);
            }

            for (int i = N - 1; i >= 0; i--)
            {
                Assert.Equal(i, ws.PopInt());
                Assert.Equal(i * 0.25, ws.PopDouble());
            }
        }
        finally
        {
            ws.Release(mark);
        }
    }

    [Fact]
    public void Popping_an_empty_stack_throws()
    {
        OnFreshThread(() =>
        {
            Workspace ws = Workspace.Current;
            ws.Push(3);
            Assert.Equal(3, ws.PopInt());
            InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => ws.PopDouble());
            Assert.Contains("Popped more values than were pushed", e.Message);
            Assert.Throws<InvalidOperationException>(() => ws.PopInt());
            Assert.Throws<InvalidOperationException>(() => ws.PopBool());
        });
    }

    [Fact]
    public void Nested_marks_restore_the_stack_and_the_arena()
    {
        Workspace ws = Workspace.Current;
        WorkspaceMark outer = ws.Mark();
        try
        {
            ws.Push(10.0);
            Span<double> a = ws.RentDoubles(4);
            a.Fill(1.0);

            WorkspaceMark inner = ws.Mark();
            ws.Push(20.0);
            ws.Push(21);
            Span<double> b = ws.RentDoubles(8);
            b.Fill(2.0);
            ws.Release(inner);

            // The inner values are gone; the outer ones are untouched and next on the stack.
            Assert.Equal(10.0, ws.PopDouble());
            ws.Push(10.0);
            Assert.All(a.ToArray(), v => Assert.Equal(1.0, v));

            // The inner span's memory is handed out again, right after the outer one.
            Span<double> c = ws.RentDoubles(8);
            Assert.True(Adjacent(a, c));
        }
        finally
        {
            ws.Release(outer);
        }

        Assert.Throws<InvalidOperationException>(() => Workspace.Current.PopDouble() + Workspace.Current.PopDouble());
    }

    [Fact]
    public void Releasing_out_of_order_or_a_foreign_mark_throws()
    {
        OnFreshThread(() =>
        {
            Workspace ws = Workspace.Current;
            WorkspaceMark outer = ws.Mark();
            ws.Push(1);
            ws.RentDoubles(3);
            WorkspaceMark inner = ws.Mark();
            ws.Release(outer);
            Assert.Throws<InvalidOperationException>(() => ws.Release(inner));
            Assert.Throws<InvalidOperationException>(() => ws.Release(default));

            WorkspaceMark foreign = default;
            OnFreshThread(() => foreign = Workspace.Current.Mark());
            Assert.Throws<InvalidOperationException>(() => ws.Release(foreign));
        });
    }

    [Fact]
    public void Negative_lengths_throw_naming_length()
    {
        Workspace ws = Workspace.Current;
        Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => ws.RentDoubles(-1)).ParamName);
        Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => ws.RentSingles(-1)).ParamName);
    }

    [Fact]
    public void Spans_from_earlier_chunks_keep_their_contents_when_new_chunks_are_added()
    {
        OnFreshThread(() =>
        {
            Workspace ws = Workspace.Current;
            WorkspaceMark mark = ws.Mark();
            Span<double> a = ws.RentDoubles(3);
            a.Fill(1.0);
            Span<float> f = ws.RentSingles(5);
            f.Fill(2.0f);
            Span<double> b = ws.RentDoubles(5_000);
            b.Fill(3.0);
            Span<double> c = ws.RentDoubles(20_000);
            c.Fill(4.0);

            // Each large rent went to a new chunk (not right after its predecessor)...
            Assert.False(Adjacent(a, b));
            Assert.False(Adjacent(b, c));
            // ...and the earlier spans still hold what was written.
            Assert.All(a.ToArray(), v => Assert.Equal(1.0, v));
            Assert.All(f.ToArray(), v => Assert.Equal(2.0f, v));
            Assert.All(b.ToArray(), v => Assert.Equal(3.0, v));
            Assert.All(c.ToArray(), v => Assert.Equal(4.0, v));
            ws.Release(mark);
        });
    }

    [Fact]
    public void Reused_spans_are_zeroed()
    {
        OnFreshThread(() =>
        {
            Workspace ws = Workspace.Current;
            WorkspaceMark mark = ws.Mark();
            Span<double> small = ws.RentDoubles(10);
            Span<double> large = ws.RentDoubles(50_000);
            Span<float> singles = ws.RentSingles(7);
            small.Fill(5.0);
            large.Fill(6.0);
            singles.Fill(7.0f);
            ref double smallStart = ref MemoryMarshal.GetReference(small);
            ref double largeStart = ref MemoryMarshal.GetReference(large);
            ws.Release(mark);

            // Same sizes again: the same memory (first chunk, then the kept later chunk), cleared.
            Span<double> small2 = ws.RentDoubles(10);
            Span<double> large2 = ws.RentDoubles(50_000);
            Span<float> singles2 = ws.RentSingles(7);
            Assert.True(Unsafe.AreSame(ref smallStart, ref MemoryMarshal.GetReference(small2)));
            Assert.True(Unsafe.AreSame(ref largeStart, ref MemoryMarshal.GetReference(large2)));
            Assert.Equal(10, small2.Length);
            Assert.Equal(7, singles2.Length);
            Assert.True(small2.IndexOfAnyExcept(0.0) < 0);
            Assert.True(large2.IndexOfAnyExcept(0.0) < 0);
            Assert.True(singles2.IndexOfAnyExcept(0.0f) < 0);

            // Floats rented on the double slots just released, including an odd length, are zero too.
            ws.Release(mark);
            Span<double> dirty = ws.RentDoubles(4);
            dirty.Fill(-1.0);
            ws.Release(mark);
            Assert.True(ws.RentSingles(7).IndexOfAnyExcept(0.0f) < 0);
            ws.Release(mark);
        });
    }

    [Fact]
    public void Zero_length_rents_are_empty()
    {
        Workspace ws = Workspace.Current;
        WorkspaceMark mark = ws.Mark();
        Assert.True(ws.RentDoubles(0).IsEmpty);
        Assert.True(ws.RentSingles(0).IsEmpty);
        ws.Release(mark);
    }

    private static double Cycle(Workspace ws, int n, double seed)
    {
        WorkspaceMark mark = ws.Mark();
        try
        {
            Span<double> a = ws.RentDoubles(n);
            Span<float> f = ws.RentSingles(n);
            double p = seed;
            for (int i = 0; i < n; i++)
            {
                ws.Push(p);
                ws.Push(i);
                ws.Push(p > 0);
                a[i] = p;
                f[i] = (float)p;
                p = Math.Sin(p * 1.7 + i);
            }

            WorkspaceMark inner = ws.Mark();
            Span<double> big = ws.RentDoubles(4 * n);
            big[^1] = p;
            ws.Release(inner);

            double acc = 0;
            for (int i = n - 1; i >= 0; i--)
            {
                bool positive = ws.PopBool();
                int index = ws.PopInt();
                p = ws.PopDouble();
                // A popped value that differs from the saved copy poisons the result (no Assert: it allocates).
                acc = acc * 0.5 + (positive ? a[index] : f[index]) * (index + 1) + (p == a[index] ? 0 : double.NaN);
            }

            return acc;
        }
        finally
        {
            ws.Release(mark);
        }
    }

    [Fact]
    public void A_warm_push_pop_rent_release_cycle_allocates_nothing()
    {
        Workspace ws = Workspace.Current;
        double warm = Cycle(ws, 3_000, 0.3); // grows the stack and the chunks

        double again = 0;
        long allocated = Allocations.Fewest(() => again = Cycle(ws, 3_000, 0.3));

        Assert.Equal(0, allocated);
        Assert.False(double.IsNaN(warm));
        Assert.Equal(warm, again);
    }

    [Fact]
    public void Each_thread_has_its_own_workspace_and_concurrent_results_match_sequential_ones()
    {
        const int Threads = 6;
        const int Runs = 40;
        static double Work(int thread, int run) => Cycle(Workspace.Current, 50 + 97 * ((thread + run) % 9), thread + run * 0.01);

        double[,] expected = new double[Threads, Runs];
        for (int t = 0; t < Threads; t++)
        {
            for (int r = 0; r < Runs; r++)
            {
                expected[t, r] = Work(t, r);
            }
        }

        double[,] actual = new double[Threads, Runs];
        Workspace[] seen = new Workspace[Threads];
        using Barrier start = new(Threads);
        bool[] kept = new bool[Threads];
        Thread[] workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            seen[t] = Workspace.Current;
            start.SignalAndWait(); // overlap the threads' work as much as possible
            kept[t] = true;
            for (int r = 0; r < Runs; r++)
            {
                actual[t, r] = Work(t, r);
                kept[t] &= ReferenceEquals(seen[t], Workspace.Current);
            }
        })).ToArray();
        foreach (Thread w in workers)
        {
            w.Start();
        }

        foreach (Thread w in workers)
        {
            w.Join();
        }

        Assert.All(kept, Assert.True);
        Assert.Equal(Threads, seen.Distinct().Count());
        Assert.DoesNotContain(Workspace.Current, seen);
        Assert.Equal(expected, actual);
    }
}
