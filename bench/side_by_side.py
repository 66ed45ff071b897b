#!/usr/bin/env python3
"""Side-by-side of vrusim's verification mode, epiworld's small-world SIR and a SciPy sparse-matrix
SIR on the same graph sizes (docs/performance.md, "Verification mode beside other tools").

Each run is one process under /usr/bin/time -v: wall time and peak resident memory are the whole
process's (start-up, graph generation, the weeks, writing results). Same setting for all three:
Watts-Strogatz small world with 10 ring neighbours and 10% rewiring, SIR with weekly transmission
0.05 per tie and recovery 0.25 a week, 0.1% of the nodes infected at the start, 100 weeks.

    python3 bench/side_by_side.py --vrusim build/tools/vrusim --epiworld /work/peers/epiworld-bench/sw_sir

epiworld is built outside this repository (docs/performance.md gives the commands); nothing of it
is in the repository. The SciPy run uses bench/sir_scipy.py under /usr/bin/python3 (Debian's, with
python3-scipy).
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIO = os.path.join(HERE, "..", "scenarios", "verification", "sir-small-world.yaml")
K, REWIRE, WEEKS, P, RECOVERY = 10, 0.1, 100, 0.05, 0.25


def timed(command, env=None):
    """Runs a command under /usr/bin/time -v; returns (stdout, wall seconds, peak RSS bytes)."""
    result = subprocess.run(["/usr/bin/time", "-v"] + command, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise SystemExit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stderr[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", result.stderr)
    seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1)) * 1024
    return result.stdout, seconds, rss


def final_recovered_share(tool, out, nodes):
    if tool == "vrusim":
        return float(re.search(r"^recovered\s+([\d.]+)", out, re.M).group(1))
    return int(re.search(r"R=(\d+)", out).group(1)) / nodes


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vrusim", required=True, help="the vrusim program")
    parser.add_argument("--epiworld", help="the epiworld driver (sw_sir); omitted: not run")
    parser.add_argument("--python", default="/usr/bin/python3", help="a Python with numpy and scipy")
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each; the fastest is reported")
    args = parser.parse_args()

    print(f"load average before: {os.getloadavg()[0]:.2f}", file=sys.stderr)
    print("| tool | nodes | threads | wall s | agent-weeks/s | peak RSS MB | bytes/agent | final recovered |")
    print("|---|---|---|---|---|---|---|---|")
    for nodes in (int(s) for s in args.sizes.split(",")):
        seeds = nodes // 1000
        runs = []
        with tempfile.TemporaryDirectory() as tmp:
            out_file = os.path.join(tmp, "sw.h5")
            for threads in (1, 2):
                runs.append(("vrusim", threads, [args.vrusim, "run", SCENARIO, "-o", out_file, "-q", "--threads",
                                                 str(threads), "--set", f"verification.nodes={nodes}", "--set",
                                                 f"verification.initial_infected={seeds}"]))
            if args.epiworld:
                runs.append(("epiworld", 1, [args.epiworld, str(nodes), str(K), str(REWIRE), str(WEEKS), str(P),
                                             str(RECOVERY), str(seeds / nodes), "1"]))
            runs.append(("scipy", 1, [args.python, os.path.join(HERE, "sir_scipy.py"), "--nodes", str(nodes), "--k",
                                      str(K), "--rewire", str(REWIRE), "--weeks", str(WEEKS), "--p", str(P),
                                      "--duration", str(1 / RECOVERY), "--seeds", str(seeds)]))
            for tool, threads, command in runs:
                best = None
                for _ in range(args.repeat):
                    if os.path.exists(out_file):
                        os.remove(out_file)
                    # One thread for numpy/scipy's BLAS as well, where it would use more.
                    env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads))
                    out, seconds, rss = timed(command, env)
                    if best is None or seconds < best[1]:
                        best = (out, seconds, rss)
                out, seconds, rss = best
                if tool != "vrusim":  # their own split of the time: graph, then the steps
                    print(f"  {out.strip()}", file=sys.stderr, flush=True)
                print(f"| {tool} | {nodes:,} | {threads} | {seconds:.2f} | {nodes * WEEKS / seconds:.3g} | "
                      f"{rss / 2**20:.0f} | {rss / nodes:.0f} | {final_recovered_share(tool, out, nodes):.3f} |",
                      flush=True)


if __name__ == "__main__":
    main()
