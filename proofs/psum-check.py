#!/usr/bin/env python3
"""Exact brute-force check of three partial-sum (drift) bounds for spiking neurons.

Usage: python3 psum-check.py [seed]

All arithmetic is exact (fractions.Fraction).  Every neuron starts at V_0 = 0 and
per step computes u_t = V_{t-1} + x_t, emits s_t, sets V_t = u_t - s_t.

  W+_T = max_{0<=j<=T} sum_{j<i<=T} (x_i - top+)
  W-_T = max_{0<=j<=T} sum_{j<i<=T} (-x_i - top-)
(j = T gives the empty sum 0), computed by W_T = max(0, W_{T-1} + y_T) and
cross-checked against the direct definition on a sample of sequences.

(L1) IF unsigned, threshold th:   V_T <= th + W+_T (top+ = th);  -V_T <= W-_T (top- = 0).
(L2) multi-threshold "ecmt":      V_T <= Qh + W+_T (top+ = Th+); -V_T <= Ph + W-_T (top- = Th-).
(L3) STA signed burst pair:       rho_T <= c + W+_T;  -rho_T <= c + W-_T  (top = th(1+beta/2)),
     c = th/2 if beta >= 1 else th;  single burst neuron: V_T <= c + W+_T.

Every prefix T of every generated sequence is checked.  Prints per-lemma counts and
the worst ratio LHS/RHS over checks with RHS > 0.  Exit status 1 on any violation,
after printing the first counterexample in full.
"""
import itertools
import random
import sys
import time
from fractions import Fraction as F

# ----------------------------------------------------------------------------- neurons


class IFNeuron:
    def __init__(self, th):
        self.th = th
        self.V = F(0)

    def step(self, x):
        u = self.V + x
        s = self.th if u >= self.th else F(0)
        self.V = u - s
        return s


class ECMTNeuron:
    def __init__(self, lp, lm, n, g):
        self.lp, self.lm, self.n, self.g = lp, lm, n, g
        self.V = F(0)
        self.levels = []  # k = n-1 .. 0
        for k in range(n - 1, -1, -1):
            gk = g ** k
            self.levels.append((lp * gk, lp * gk - lp / 2, lm * gk, lm * gk - lm / 2))

    def step(self, x):
        u = self.V + x
        s = F(0)
        for (pl, pb, ml, mb) in self.levels:
            if u >= pb:
                s = pl
                break
            if -u >= mb:
                s = -ml
                break
        self.V = u - s
        return s


def ecmt_consts(lp, lm, n, g):
    def rho(lam):
        if n == 1:
            return lam / 2
        return max(lam / 2, lam * g ** (n - 2) * (g - 1) - lam / 2)
    Qh = max(rho(lp), lp / 2, lm / 2)
    Ph = max(rho(lm), lp / 2, lm / 2)
    return Qh, Ph, lp * g ** (n - 1), lm * g ** (n - 1)


def _floor_div(a, b):
    # floor(a / b) for Fractions, a >= 0, b > 0
    return (a.numerator * b.denominator) // (a.denominator * b.numerator)


class BurstNeuron:
    def __init__(self, th, beta):
        self.th, self.beta = th, beta
        self.half = th / 2
        self.V = F(0)
        self.M = F(0)

    def step(self, x):
        th = self.th
        u = self.V + x
        if u >= th:
            b = th
        elif u <= -th and self.M > 0:
            b = -th
        else:
            b = F(0)
        self.V = u - b
        self.M += b
        r = max(-self.M, self.V)
        if r > 0:
            q = _floor_div(r, self.half)
        elif r < 0:
            q = -_floor_div(-r, self.half)
        else:
            q = 0
        q = max(-self.beta, min(self.beta, q))
        e = q * self.half
        self.V -= e
        self.M += e
        return b + e


# ----------------------------------------------------------------------------- bookkeeping


class Stats:
    def __init__(self, name):
        self.name = name
        self.checks = 0
        self.seqs = 0
        self.worst = None      # (ratio, description)
        self.tight = 0         # checks with LHS == RHS
        self.violation = None

    def check(self, lhs, rhs, ctx):
        self.checks += 1
        if lhs > rhs:
            if self.violation is None:
                self.violation = ctx()
            return False
        if lhs == rhs:
            self.tight += 1
        if rhs > 0:
            r = lhs / rhs
            if self.worst is None or r > self.worst[0]:
                self.worst = (r, ctx())
        elif rhs == 0 and lhs == 0:
            pass
        return True


def direct_W(xs, T, top, sign):
    best = F(0)
    acc = F(0)
    for i in range(T - 1, -1, -1):
        acc += sign * xs[i] - top
        if acc > best:
            best = acc
    return best


FAILED = False


def fail(stats):
    global FAILED
    FAILED = True
    print(f"VIOLATION in {stats.name}:")
    for k, v in stats.violation.items():
        print(f"  {k}: {v}")
    sys.stdout.flush()


def fmt_seq(xs):
    return "[" + ", ".join(str(x) for x in xs) + "]"


# ----------------------------------------------------------------------------- per-lemma runners


def run_L1(st_up, st_dn, th, xs, crosscheck=False):
    nrn = IFNeuron(th)
    Wp = F(0)
    Wm = F(0)
    for T, x in enumerate(xs, 1):
        nrn.step(x)
        Wp = max(F(0), Wp + x - th)
        Wm = max(F(0), Wm - x)
        if crosscheck:
            assert Wp == direct_W(xs, T, th, 1) and Wm == direct_W(xs, T, F(0), -1)
        V = nrn.V
        ctx = lambda: dict(params=f"theta={th}", T=T, seq=fmt_seq(xs[:T]), V_T=V, Wplus=Wp, Wminus=Wm)
        if not st_up.check(V, th + Wp, lambda: dict(ctx(), bound="V_T <= theta + W+", lhs=V, rhs=th + Wp)):
            fail(st_up); return False
        if not st_dn.check(-V, Wm, lambda: dict(ctx(), bound="-V_T <= W-", lhs=-V, rhs=Wm)):
            fail(st_dn); return False
    st_up.seqs += 1
    st_dn.seqs += 1
    return True


def run_L2(st_up, st_dn, prm, xs, crosscheck=False):
    lp, lm, n, g = prm
    Qh, Ph, Tp, Tm = ecmt_consts(lp, lm, n, g)
    nrn = ECMTNeuron(lp, lm, n, g)
    Wp = F(0)
    Wm = F(0)
    for T, x in enumerate(xs, 1):
        nrn.step(x)
        Wp = max(F(0), Wp + x - Tp)
        Wm = max(F(0), Wm - x - Tm)
        if crosscheck:
            assert Wp == direct_W(xs, T, Tp, 1) and Wm == direct_W(xs, T, Tm, -1)
        V = nrn.V
        ctx = lambda: dict(params=f"lam+={lp} lam-={lm} n={n} g={g} (Qh={Qh} Ph={Ph} Th+={Tp} Th-={Tm})",
                           T=T, seq=fmt_seq(xs[:T]), V_T=V, Wplus=Wp, Wminus=Wm)
        if not st_up.check(V, Qh + Wp, lambda: dict(ctx(), bound="V_T <= Qh + W+", lhs=V, rhs=Qh + Wp)):
            fail(st_up); return False
        if not st_dn.check(-V, Ph + Wm, lambda: dict(ctx(), bound="-V_T <= Ph + W-", lhs=-V, rhs=Ph + Wm)):
            fail(st_dn); return False
    st_up.seqs += 1
    st_dn.seqs += 1
    return True


def burst_consts(th, beta):
    c = th / 2 if beta >= 1 else th
    top = th * (1 + F(beta, 2))
    return c, top


def run_L3(st_up, st_dn, st_single, prm, xs, crosscheck=False):
    th, beta = prm
    c, top = burst_consts(th, beta)
    A = BurstNeuron(th, beta)
    B = BurstNeuron(th, beta)
    S = F(0)
    out = F(0)
    Wp = F(0)
    Wm = F(0)
    for T, x in enumerate(xs, 1):
        sa = A.step(x)
        sb = B.step(-x)
        S += x
        out += sa - sb
        rho = S - out
        Wp = max(F(0), Wp + x - top)
        Wm = max(F(0), Wm - x - top)
        if crosscheck:
            assert Wp == direct_W(xs, T, top, 1) and Wm == direct_W(xs, T, top, -1)
        VA = A.V
        ctx = lambda: dict(params=f"theta={th} beta={beta} (c={c} top={top})", T=T, seq=fmt_seq(xs[:T]),
                           rho_T=rho, V_A=A.V, M_A=A.M, V_B=B.V, M_B=B.M, Wplus=Wp, Wminus=Wm)
        if not st_up.check(rho, c + Wp, lambda: dict(ctx(), bound="rho_T <= c + W+", lhs=rho, rhs=c + Wp)):
            fail(st_up); return False
        if not st_dn.check(-rho, c + Wm, lambda: dict(ctx(), bound="-rho_T <= c + W-", lhs=-rho, rhs=c + Wm)):
            fail(st_dn); return False
        if not st_single.check(VA, c + Wp, lambda: dict(ctx(), bound="single V^A_T <= c + W+", lhs=VA, rhs=c + Wp)):
            fail(st_single); return False
    st_up.seqs += 1
    st_dn.seqs += 1
    st_single.seqs += 1
    return True


# ----------------------------------------------------------------------------- input generation


def rand_frac(rng, scale):
    d = rng.choice([1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 16, 30])
    return scale * F(rng.randint(-4 * d, 4 * d), d)


def gen_seq(rng, specials, top, L):
    """One adversarial sequence of length L, built from a randomly chosen pattern."""
    pos = [v for v in specials if v > 0] or [top]
    mode = rng.randrange(8)
    xs = []
    if mode == 0:      # special values only
        xs = [rng.choice(specials) for _ in range(L)]
    elif mode == 1:    # random fractions scaled to top
        xs = [rand_frac(rng, top) for _ in range(L)]
    elif mode == 2:    # big swings
        xs = [rng.choice([3 * top, -3 * top, 2 * top, -2 * top, top, -top, F(0)]) for _ in range(L)]
    elif mode == 3:    # alternating signs
        s = rng.choice([1, -1])
        for _ in range(L):
            xs.append(s * rng.choice(pos))
            s = -s
    elif mode == 4:    # long runs of one sign, then the other (drain / refill memory)
        s = rng.choice([1, -1])
        while len(xs) < L:
            run = rng.randint(1, max(1, L // 2))
            v = rng.choice(pos)
            for _ in range(run):
                xs.append(s * (v if rng.random() < 0.7 else rng.choice(pos)))
            s = -s
        xs = xs[:L]
    elif mode == 5:    # mixture of everything
        for _ in range(L):
            r = rng.random()
            if r < 0.5:
                xs.append(rng.choice(specials))
            elif r < 0.8:
                xs.append(rand_frac(rng, top))
            elif r < 0.9:
                xs.append(F(0))
            else:
                xs.append(rng.choice([3, -3]) * top)
    elif mode == 6:    # a special value perturbed by tiny epsilons (just below / above ties)
        eps = top / rng.choice([64, 97, 1000])
        xs = [rng.choice(specials) + rng.choice([-eps, 0, 0, eps]) for _ in range(L)]
    else:              # constant input near top (slow drift)
        v = rng.choice(specials + [top, -top])
        xs = [v + (rand_frac(rng, top / 50) if rng.random() < 0.3 else 0) for _ in range(L)]
    return xs


def if_specials(th):
    base = [F(0), th / 2, th, 2 * th, 3 * th / 2, th / 3, 3 * th]
    return base + [-v for v in base if v != 0]


def ecmt_specials(lp, lm, n, g):
    Qh, Ph, Tp, Tm = ecmt_consts(lp, lm, n, g)
    vals = {F(0), lp / 2, lm / 2, Tp, Tm, 3 * Tp, 3 * Tm, Qh, Ph}
    for k in range(n):
        gk = g ** k
        vals.update([lp * gk, lm * gk, lp * gk - lp / 2, lm * gk - lm / 2])
    out = set()
    for v in vals:
        out.add(v)
        out.add(-v)
    return sorted(out)


def burst_specials(th, beta):
    c, top = burst_consts(th, beta)
    vals = {F(0), top, 3 * top, c}
    for m in range(0, 2 * beta + 5):
        vals.add(m * th / 2)
    out = set()
    for v in vals:
        out.add(v)
        out.add(-v)
    return sorted(out)


# ----------------------------------------------------------------------------- main


def main():
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    rng = random.Random(seed)
    t0 = time.time()
    print(f"psum-check seed={seed}")

    thetas = [F(1), F(1, 3), F(5, 8), F(2), F(7, 3), F(3, 10)]
    betas = [0, 1, 2, 3, 4]
    gaps = [F(2), F(3, 2), F(3), F(5, 4)]
    lam_pairs = [(F(1), F(1)), (F(1), F(1, 2)), (F(1, 2), F(1)), (F(3, 4), F(5, 3)),
                 (F(2), F(1, 3)), (F(5, 8), F(7, 8)), (F(1), F(3))]

    S = {k: Stats(k) for k in ["L1 IF upper", "L1 IF lower", "L2 ecmt upper", "L2 ecmt lower",
                               "L3 pair upper", "L3 pair lower", "L3 single upper"]}

    def done():
        return FAILED

    # ---- exhaustive: all sequences of length 5 over special alphabets (prefixes cover 1..5)
    EXH_LEN = 5
    # L1
    for th in [F(1), F(5, 8)]:
        alph = [F(0), th / 2, th, 2 * th, -th / 2, -th, -2 * th]
        for xs in itertools.product(alph, repeat=EXH_LEN):
            if not run_L1(S["L1 IF upper"], S["L1 IF lower"], th, list(xs)):
                return finish(S, t0)
    # L2
    for prm in [(F(1), F(1, 2), 3, F(2)), (F(3, 4), F(5, 3), 2, F(3, 2)), (F(1), F(3), 1, F(2)),
                (F(2), F(1, 3), 4, F(3))]:
        lp, lm, n, g = prm
        Qh, Ph, Tp, Tm = ecmt_consts(*prm)
        alph = sorted({F(0), lp / 2, lp * g ** (n - 1) - lp / 2, Tp, -(lm / 2), -(lm * g ** (n - 1) - lm / 2),
                       -Tm, Qh + Tp / 3, -Ph - Tm / 3})
        for xs in itertools.product(alph, repeat=EXH_LEN):
            if not run_L2(S["L2 ecmt upper"], S["L2 ecmt lower"], prm, list(xs)):
                return finish(S, t0)
    # L3
    for prm in [(F(1), 0), (F(1), 1), (F(1), 2), (F(5, 8), 3), (F(1, 3), 4)]:
        th, beta = prm
        c, top = burst_consts(th, beta)
        alph = sorted({F(0), th / 2, th, top, top + th / 2, -th / 2, -th, -top, -top - th / 2})
        for xs in itertools.product(alph, repeat=EXH_LEN):
            if not run_L3(S["L3 pair upper"], S["L3 pair lower"], S["L3 single upper"], prm, list(xs)):
                return finish(S, t0)
    print(f"exhaustive phase done in {time.time() - t0:.1f}s")
    sys.stdout.flush()

    # ---- random adversarial sequences, lengths 1..60
    TARGET = 400_000   # (sequence, prefix) checks per bound, random phase
    crossN = 0

    def want(*names):
        return min(S[nm].checks for nm in names) < TARGET + exh[names[0]]

    exh = {k: v.checks for k, v in S.items()}

    while want("L1 IF upper"):
        th = rng.choice(thetas)
        L = rng.randint(1, 60)
        xs = gen_seq(rng, if_specials(th), th, L)
        cc = rng.random() < 0.02
        if not run_L1(S["L1 IF upper"], S["L1 IF lower"], th, xs, crosscheck=cc):
            return finish(S, t0)
        crossN += cc
    print(f"L1 random phase done at {time.time() - t0:.1f}s")
    sys.stdout.flush()

    while want("L2 ecmt upper"):
        lp, lm = rng.choice(lam_pairs)
        if rng.random() < 0.3:
            lp, lm = F(rng.randint(1, 12), rng.randint(1, 8)), F(rng.randint(1, 12), rng.randint(1, 8))
        n = rng.randint(1, 6)
        g = rng.choice(gaps)
        prm = (lp, lm, n, g)
        Qh, Ph, Tp, Tm = ecmt_consts(*prm)
        L = rng.randint(1, 60)
        xs = gen_seq(rng, ecmt_specials(*prm), max(Tp, Tm), L)
        cc = rng.random() < 0.02
        if not run_L2(S["L2 ecmt upper"], S["L2 ecmt lower"], prm, xs, crosscheck=cc):
            return finish(S, t0)
        crossN += cc
    print(f"L2 random phase done at {time.time() - t0:.1f}s")
    sys.stdout.flush()

    while want("L3 pair upper"):
        th = rng.choice(thetas)
        beta = rng.choice(betas)
        prm = (th, beta)
        c, top = burst_consts(th, beta)
        L = rng.randint(1, 60)
        xs = gen_seq(rng, burst_specials(th, beta), top, L)
        cc = rng.random() < 0.02
        if not run_L3(S["L3 pair upper"], S["L3 pair lower"], S["L3 single upper"], prm, xs, crosscheck=cc):
            return finish(S, t0)
        crossN += cc
    print(f"L3 random phase done at {time.time() - t0:.1f}s; W recursion cross-checked on {crossN} sequences")
    return finish(S, t0)


def finish(S, t0):
    print()
    print(f"{'bound':18s} {'sequences':>10s} {'prefix checks':>14s} {'LHS==RHS':>9s}  worst LHS/RHS (RHS>0)")
    for st in S.values():
        w = "n/a" if st.worst is None else f"{st.worst[0]} (= {float(st.worst[0]):.4f})"
        status = "VIOLATED" if st.violation else "ok"
        print(f"{st.name:18s} {st.seqs:10d} {st.checks:14d} {st.tight:9d}  {w}  [{status}]")
    print()
    for st in S.values():
        if st.worst is not None:
            d = st.worst[1]
            print(f"worst {st.name}: {d['params']} T={d['T']} seq={d['seq']}")
    print(f"\ntotal time {time.time() - t0:.1f}s")
    if FAILED:
        print("RESULT: VIOLATION FOUND")
        sys.exit(1)
    print("RESULT: all bounds held")
    sys.exit(0)


if __name__ == "__main__":
    main()
