#!/usr/bin/env python3
"""Runs one GradBench eval against GradBench's `manual` and `adol-c` tools and this tool, back to back, each run
validated by the eval, and prints the runs' summaries and one markdown table of median times with ratios.

usage: compare.py --runner RUN_EVAL_SH --gradbench WORK_DIR [--tool CMD] [--rounds N] EVAL [-- EVAL ARGS...]
  RUN_EVAL_SH  the machine's GradBench runner (run-eval.sh: runs an eval against a tool without Docker)
  WORK_DIR     a GradBench checkout prepared for it (its tools/manual and tools/adol-c built)
  CMD          this tool's command (default: dotnet <this dir>/bin/Release/net10.0/AutoDiff.GradBench.dll)
  N            repeat the three runs N times (default 1), to see how much the machine's noise moves the ratios
Nothing here builds or changes GradBench; the runner and the checkout do what GradBench's own harness does.
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time

here = os.path.dirname(os.path.abspath(__file__))
p = argparse.ArgumentParser()
p.add_argument("--runner", required=True)
p.add_argument("--gradbench", required=True)
p.add_argument("--tool", default=f"dotnet {here}/bin/Release/net10.0/AutoDiff.GradBench.dll")
p.add_argument("--rounds", type=int, default=1)
p.add_argument("eval")
p.add_argument("eval_args", nargs=argparse.REMAINDER)
a = p.parse_args()
eval_args = [x for x in a.eval_args if x != "--"]

def supports(tool):
    path = os.path.join(a.gradbench, "tools", tool, "evals.txt")
    return os.path.exists(path) and a.eval in open(path).read().split()

tools = [(t, f"python3 python/gradbench/gradbench/cpp.py {t}") for t in ("manual", "adol-c") if supports(t)]
tools.append(("ours", a.tool))

def run(name, command):
    # The runner's table rounds to microseconds; medians come from its message log instead, in full precision.
    start = time.time()
    with tempfile.NamedTemporaryFile(suffix=".jsonl") as log:
        env = dict(os.environ, GRADBENCH_LOG=log.name)
        proc = subprocess.run([a.runner, a.gradbench, a.eval, command, *eval_args], capture_output=True, text=True, env=env)
        rows, valid = {}, {}
        for line in open(log.name):
            entry = json.loads(line)
            message, response = entry["message"], entry["response"]
            if message.get("kind") == "evaluate":
                ns = [t["nanoseconds"] for t in response.get("timings", []) if t.get("name") == "evaluate"]
                key = (message.get("function"), message.get("description", ""))
                rows[key] = statistics.median(ns) / 1e6 if ns and response.get("success") else None
                valid[message["id"]] = key
            elif message.get("kind") == "analysis" and message.get("of") in valid:
                key = valid[message["of"]]
                rows[key] = (rows[key], "True" if message.get("valid") else "False")
    rows = {k: v if isinstance(v, tuple) else (v, "None") for k, v in rows.items()}
    summary = next((l for l in proc.stdout.splitlines() if l.startswith("evaluations:")), "")
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
    print(f"{a.eval} {name}: {summary or 'no summary (exit status %d)' % proc.returncode} ({time.time() - start:.0f} s)", flush=True)
    return rows

rounds = []
for r in range(a.rounds):
    rounds.append({name: run(name, command) for name, command in tools})

def fmt(ms):
    return "—" if ms is None else (f"{ms:.3g}" if ms < 1000 else f"{ms:.0f}")

def ratio(x, y):
    return "—" if x is None or y is None or y == 0 else f"{x / y:.2f}"

names = [n for n, _ in tools]
keys = list(dict.fromkeys(k for rows in rounds[0].values() for k in rows))

# The objective and derivative functions of each eval (particle and saddle have only derivative-driven searches).
pairs = {"gmm": ("objective", "jacobian"), "lstm": ("objective", "jacobian"), "ba": ("objective", "jacobian"),
         "ht": ("objective", "jacobian"), "kmeans": ("cost", "dir"), "lse": ("primal", "gradient"),
         "llsq": ("primal", "gradient"), "det": ("primal", "gradient"), "ode": ("primal", "gradient"),
         "hello": ("square", "double")}

def cell(result, name, key):
    ms, valid = result.get(name, {}).get(key, (None, "True"))
    return ms, valid == "True"

if a.eval in pairs:
    objective, derivative = pairs[a.eval]
    inputs = list(dict.fromkeys(k[1] for k in keys))
    others = [n for n in names if n != "ours"]
    header = ["round", "input"]
    for n in others + ["ours"]:
        header += [f"{n} objective ms", f"{n} derivative ms"]
    header += ["ours ÷ manual objective", "ours ÷ manual derivative", "derivative ÷ objective ours", "derivative ÷ objective manual"]
    if "adol-c" in names:
        header += ["ours ÷ adol-c derivative"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for r, result in enumerate(rounds):
        for i in inputs:
            t = {}
            ok = True
            for n in names:
                for f in (objective, derivative):
                    t[(n, f)], v = cell(result, n, (f, i))
                    ok = ok and v
            cells = [str(r + 1), i + ("" if ok else " (INVALID)")]
            for n in others + ["ours"]:
                cells += [fmt(t[(n, objective)]), fmt(t[(n, derivative)])]
            cells += [ratio(t[("ours", objective)], t.get(("manual", objective))),
                      ratio(t[("ours", derivative)], t.get(("manual", derivative))),
                      ratio(t[("ours", derivative)], t[("ours", objective)]),
                      ratio(t.get(("manual", derivative)), t.get(("manual", objective)))]
            if "adol-c" in names:
                cells += [ratio(t[("ours", derivative)], t[("adol-c", derivative)])]
            print("| " + " | ".join(cells) + " |")
else:
    header = ["round", "function", "input"] + [f"{n} ms" for n in names] + [f"ours ÷ {n}" for n in names if n != "ours"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for r, result in enumerate(rounds):
        for key in keys:
            ms = {n: result[n].get(key, (None, None))[0] for n in names}
            valid = all(result[n].get(key, (None, "True"))[1] == "True" for n in names)
            cells = [str(r + 1), key[0], key[1] + ("" if valid else " (INVALID)")]
            cells += [fmt(ms[n]) for n in names] + [ratio(ms["ours"], ms[n]) for n in names if n != "ours"]
            print("| " + " | ".join(cells) + " |")
