#!/usr/bin/env python3
"""Independent reference values for Tests/StatisticsTests (python's fractions, no floating point
in the tails): exact binomial CDFs, order-statistic ranks and needed sample sizes, the exact
Clopper-Pearson ends to 1e-12 by bisection on exact fractions, and exact McNemar p-values.
Prints Swift literals; the tests hold a copy of its output."""
from fractions import Fraction as F
from math import comb

def cdf(k, n, p):
    if k < 0: return F(0)
    if k >= n: return F(1)
    return sum(comb(n, i) * p**i * (1 - p)**(n - i) for i in range(k + 1))

def rank(n, q, conf):
    for r in range(1, n + 1):
        if cdf(r - 1, n, q) >= conf: return r
    return None

def needed(q, conf):
    n = 1
    while q**n > 1 - conf: n += 1
    return n

def cp(k, n, conf):
    half = (1 - conf) / 2
    def solve(f, target):  # f increasing in p
        lo, hi = F(0), F(1)
        for _ in range(45):
            mid = (lo + hi) / 2
            if f(mid) <= target: lo = mid
            else: hi = mid
        return float(lo), float(hi)
    lower = 0.0 if k == 0 else solve(lambda p: 1 - cdf(k - 1, n, p), half)[0]
    upper = 1.0 if k == n else solve(lambda p: 1 - cdf(k, n, p), 1 - half)[1]
    return lower, upper

print("// cdf: (k, n, p numerator, p denominator, exact value as numerator/denominator)")
for k, n, a, b in [(3, 10, 3, 10), (78, 83, 19, 20), (0, 5, 1, 2), (12, 40, 1, 7), (58, 59, 19, 20), (1, 3, 999, 1000)]:
    v = cdf(k, n, F(a, b))
    print(f'("{k}", {n}, {a}, {b}, "{v.numerator}/{v.denominator}"),')
print("// rank: (n, q, confidence, rank or nil)")
for n, q, c in [(59, F(19, 20), F(19, 20)), (83, F(19, 20), F(19, 20)), (100, F(9, 10), F(95, 100)), (1000, F(19, 20), F(99, 100)), (58, F(19, 20), F(19, 20)), (300, F(99, 100), F(9, 10))]:
    print(f"({n}, \"{q}\", \"{c}\", {rank(n, q, c)}),")
print("// needed: (q, confidence, n)")
for q, c in [(F(19, 20), F(19, 20)), (F(99, 100), F(95, 100)), (F(999, 1000), F(95, 100)), (F(1, 2), F(1, 2)), (F(19, 20), F(999999, 1000000))]:
    print(f'("{q}", "{c}", {needed(q, c)}),')
print("// Clopper-Pearson: (k, n, confidence, lower, upper)")
for k, n, c in [(0, 10, F(95, 100)), (5, 10, F(95, 100)), (10, 10, F(95, 100)), (27, 90, F(95, 100)), (1, 1, F(9, 10)), (48, 50, F(99, 100))]:
    lo, hi = cp(k, n, c)
    print(f'({k}, {n}, "{c}", {lo!r}, {hi!r}),')
print("// McNemar exact two-sided p: (b, c, p)")
for b, c in [(0, 5), (3, 3), (10, 2), (0, 0), (25, 12)]:
    m = b + c
    p = min(F(1), 2 * cdf(min(b, c), m, F(1, 2))) if m else F(1)
    print(f'({b}, {c}, "{p.numerator}/{p.denominator}"),')
