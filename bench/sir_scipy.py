#!/usr/bin/env python3
"""A SciPy sparse-matrix SIR on a Watts-Strogatz small world: the third column of the side-by-side
in docs/performance.md (vrusim's verification mode, epiworld, this).

The same discrete-time process as vrusim's verification mode: each week, from the states at its
start, a susceptible node with k infected neighbours is infected with probability 1 - (1 - p)^k
(k from one sparse matrix-vector product), and an infected node recovers for good with probability
q = 1 / duration (its spell is geometric, and it cannot recover in the week it was infected).
The graph: a ring of `k` neighbours (k/2 each side); each ring tie is moved, with probability
`rewire`, to a node more than k/2 steps away; the rare duplicate ties are merged.

    python3 bench/sir_scipy.py --nodes 100000 --k 10 --rewire 0.1 --weeks 100 --p 0.05 --duration 4 --seeds 100

Needs numpy and scipy (Debian: apt-get install python3-scipy).
"""
import argparse
import time

import numpy as np
import scipy.sparse as sp


def small_world(n, k, rewire, rng):
    half = k // 2
    u = np.repeat(np.arange(n, dtype=np.int64), half)
    j = np.tile(np.arange(1, half + 1, dtype=np.int64), n)
    v = (u + j) % n
    moved = rng.random(u.size) < rewire
    v[moved] = (u[moved] + half + 1 + rng.integers(0, n - k - 1, size=int(moved.sum()))) % n
    a, b = np.minimum(u, v), np.maximum(u, v)
    pairs = np.unique(a * n + b)
    a, b = pairs // n, pairs % n
    rows = np.concatenate([a, b])
    cols = np.concatenate([b, a])
    return sp.csr_matrix((np.ones(rows.size, dtype=np.float32), (rows, cols)), shape=(n, n))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=100000)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--rewire", type=float, default=0.1)
    parser.add_argument("--weeks", type=int, default=100)
    parser.add_argument("--p", type=float, default=0.05, help="weekly transmission probability per tie")
    parser.add_argument("--duration", type=float, default=4, help="mean infectious spell, weeks")
    parser.add_argument("--seeds", type=int, default=100, help="initially infected nodes")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    start = time.perf_counter()
    adjacency = small_world(args.nodes, args.k, args.rewire, rng)
    built = time.perf_counter()

    n = args.nodes
    q = 1.0 / args.duration if args.duration > 1 else 1.0
    log_keep = np.log1p(-args.p)
    state = np.zeros(n, dtype=np.int8)  # 0 susceptible, 1 infected, 2 recovered
    state[rng.choice(n, size=args.seeds, replace=False)] = 1
    for _ in range(args.weeks):
        infected = (state == 1).astype(np.float32)
        exposure = adjacency @ infected
        draws = rng.random(n)
        new = (state == 0) & (draws < -np.expm1(exposure * log_keep))
        recover = (state == 1) & (draws < q)
        state[new] = 1
        state[recover] = 2
    done = time.perf_counter()
    counts = np.bincount(state, minlength=3)
    print(f"scipy n={n} k={args.k} rewire={args.rewire} weeks={args.weeks} ties={adjacency.nnz // 2}: "
          f"graph {built - start:.3f} s, run {done - built:.3f} s; final S={counts[0]} I={counts[1]} R={counts[2]}")


if __name__ == "__main__":
    main()
