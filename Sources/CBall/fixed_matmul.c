/* The fixed-point ball product (theorem B-FIX in proofs/enclosures.md): c = a·b for a row-major
   [m, k] array of balls a and a [k, n] block of finite doubles b (exact points, row stride ldb).

   Row i of a's midpoints is read as integers α at a common scale: mid(a_ip) = α_ip·2^(E_i − L)
   + e_ip with |α_ip| < 2^L and |e_ip| ≤ 2^(E_i − L), where |mid(a_ip)| < 2^E_i for every p.
   Column j of b is read exactly as integers: b_pj = β_pj·2^F_j, |β_pj| < 2^63. Then

     Σ_p a_ip b_pj ∈ S_ij·2^(E_i − L + F_j) ± Σ_p |b_pj|·(rad(a_ip) + 2^(E_i − L)),

   S_ij = Σ_p α_ip β_pj computed exactly in (NL + 2)-limb two's complement integers. The radius
   sum is evaluated in double and bounded above by Higham's γ bound for any summation order,
   with an underflow term; S_ij is rounded into the ball at prec by Arb. It returns 1 when it
   does not apply (more than 4 limbs, a column whose exponent range exceeds 63 bits, a
   non-finite ball or weight); c is then partly written, and the caller recomputes all of it
   with Arb's product. */
#include "cball.h"

#include <arb.h>
#include <flint/fmpz.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned __int128 u128;

#define MAXNL 4

/* acc (w limbs, two's complement) += sign·(x (nl limbs)·y), sign = −1 when neg. */
static inline void addmul(uint64_t *acc, int w, const uint64_t *x, int nl, uint64_t y, int neg) {
    uint64_t p[MAXNL + 1];
    uint64_t carry = 0;
    for (int l = 0; l < nl; l++) {
        u128 t = (u128)x[l] * y + carry;
        p[l] = (uint64_t)t;
        carry = (uint64_t)(t >> 64);
    }
    p[nl] = carry;
    uint64_t mask = neg ? ~(uint64_t)0 : 0;
    u128 c = neg ? 1 : 0;
    for (int l = 0; l < w; l++) {
        uint64_t v = (l <= nl ? p[l] : 0) ^ mask;
        u128 s = (u128)acc[l] + v + c;
        acc[l] = (uint64_t)s;
        c = s >> 64;
    }
}

static inline double up(double x) { return nextafter(x, INFINITY); }

/* A finite non-zero double as mant·2^e2 exactly, mant < 2^53. */
static inline uint64_t split(double x, long *e2) {
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    uint64_t field = (bits >> 52) & 0x7ff, mant = bits & ((UINT64_C(1) << 52) - 1);
    if (field == 0) { *e2 = -1074; return mant; }
    *e2 = (long)field - 1075;
    return mant | (UINT64_C(1) << 52);
}

/* Column j of b (k entries of stride ldb) as exact integers β_p·2^F with |β_p| < 2^63, and
   their magnitudes as doubles; 1 when an entry is not finite or the exponents span more than
   63 bits. */
static int column(const double *b, long k, long ldb, int64_t *beta, double *babs, long *F) {
    long lo = 0, hi = 0;
    int any = 0;
    for (long p = 0; p < k; p++) {
        double x = b[p * ldb];
        if (!isfinite(x)) return 1;
        babs[p] = fabs(x);
        if (x == 0) continue;
        long e2;
        uint64_t mant = split(x, &e2);
        long low = e2 + __builtin_ctzll(mant), top = e2 + 64 - __builtin_clzll(mant); /* |x| < 2^top */
        if (!any || low < lo) lo = low;
        if (!any || top > hi) hi = top;
        any = 1;
    }
    if (any && hi - lo > 63) return 1;
    *F = any ? lo : 0;
    for (long p = 0; p < k; p++) {
        double x = b[p * ldb];
        int64_t v = 0;
        if (x != 0) {
            long e2;
            uint64_t mant = split(x, &e2);
            /* exact: F ≤ e2 + ctz(mant), so a right shift drops only zeros, and the value is below 2^63 */
            v = (int64_t)(e2 >= *F ? mant << (e2 - *F) : mant >> (*F - e2));
            if (x < 0) v = -v;
        }
        beta[p] = v;
    }
    return 0;
}

/* acc (NL + 2 limbs, two's complement) = Σ_p ±α_p·β_p, the sign of α_p in neg[p]. */
#define DOT(NL)                                                                                 \
    static void dot##NL(uint64_t *acc, const uint64_t *alpha, const unsigned char *neg,       \
                        const int64_t *beta, long k) {                                         \
        for (long p = 0; p < k; p++) {                                                          \
            int64_t y = beta[p];                                                                \
            uint64_t mag = y < 0 ? (uint64_t)(-(y + 1)) + 1 : (uint64_t)y;                      \
            addmul(acc, NL + 2, alpha + p * NL, NL, mag, neg[p] ^ (y < 0));                     \
        }                                                                                       \
    }
DOT(1)
DOT(2)
DOT(3)
DOT(4)

/* The product for columns prepared by sb_fixed_columns (column j: β at beta + j·k, |b| at
   babs + j·k, exponent F[j]); 1 when it does not apply. */
static int fixed_product(sb_ball *c, const sb_ball_src *a, long m, long k, long n, const int64_t *beta,
                         const double *babs, const long *F, const unsigned char *applies, long prec, long limbs,
                         int mutation) {
    int nl = (int)limbs;
    if (nl < 1) nl = 1;
    if (nl > MAXNL || m <= 0 || n <= 0 || k <= 0) return 1;
    for (long j = 0; j < n; j++)
        if (!applies[j]) return 1;
    long L = 64L * nl - 1;
    int w = nl + 2;

    /* Rows of a: fixed-point magnitudes, signs, exponents and σ = rad + 2^(E − L). */
    uint64_t *alpha = (uint64_t *)calloc((size_t)(m * k * nl), sizeof(uint64_t));
    unsigned char *aneg = (unsigned char *)malloc((size_t)(m * k));
    double *sigma = (double *)malloc(sizeof(double) * (size_t)(m * k));
    long *E = (long *)malloc(sizeof(long) * (size_t)m);
    int failed = !(alpha && aneg && sigma && E);

    fmpz_t t;
    fmpz_init(t);
    for (long i = 0; i < m && !failed; i++) {
        long e = LONG_MIN;
        for (long p = 0; p < k; p++) {
            arb_srcptr x = (arb_srcptr)a[i * k + p];
            if (!arb_is_finite(x)) { failed = 1; break; }
            if (!arf_is_zero(arb_midref(x))) {
                long bexp = arf_abs_bound_lt_2exp_si(arb_midref(x));
                if (bexp > e) e = bexp;
            }
        }
        if (failed) break;
        if (e == LONG_MIN) e = 0;
        if (e > 100000 || e < -100000) { failed = 1; break; }
        E[i] = e;
        double ulp = ldexp(1.0, (int)(e - L));
        if (ulp == 0) ulp = 0x1p-1074;
        for (long p = 0; p < k; p++) {
            arb_srcptr x = (arb_srcptr)a[i * k + p];
            arf_get_fmpz_fixed_si(t, arb_midref(x), e - L); /* |mid − t·2^(e−L)| < 2^(e−L) */
            aneg[i * k + p] = fmpz_sgn(t) < 0;
            fmpz_abs(t, t);
            fmpz_get_ui_array((ulong *)(alpha + (i * k + p) * nl), nl, t);
            arf_t r;
            arf_init(r);
            arf_set_mag(r, arb_radref(x));
            double rad = arf_get_d(r, ARF_RND_CEIL);
            arf_clear(r);
            sigma[i * k + p] = mutation == 1 ? rad : (mutation == 2 ? ulp : up(rad + ulp));
            if (!isfinite(sigma[i * k + p])) failed = 1;
        }
    }

    /* Higham: a sum of k non-negative products computed in double in any order is at most
       (1 + γ_{k+1}) times the computed value, plus (k + 1)·2^-1074 for underflow. */
    double u = 0x1p-53;
    double gamma = up(up((double)(k + 1) * u) / (1 - (double)(k + 1) * u));
    double eta = (double)(k + 1) * 0x1p-1074;
    uint64_t acc[MAXNL + 2];
    for (long j = 0; j < n && !failed; j++) {
        const int64_t *bcol = beta + j * k;
        const double *bmag = babs + j * k;
        for (long i = 0; i < m; i++) {
            memset(acc, 0, sizeof(acc));
            const uint64_t *arow = alpha + i * k * nl;
            const unsigned char *nrow = aneg + i * k;
            switch (nl) {
            case 1: dot1(acc, arow, nrow, bcol, k); break;
            case 2: dot2(acc, arow, nrow, bcol, k); break;
            case 3: dot3(acc, arow, nrow, bcol, k); break;
            default: dot4(acc, arow, nrow, bcol, k); break;
            }
            const double *srow = sigma + i * k;
            double rsum = 0;
            for (long p = 0; p < k; p++) rsum += bmag[p] * srow[p];
            int negative = (acc[w - 1] >> 63) != 0;
            if (negative) { /* magnitude of a two's complement value */
                u128 cy = 1;
                for (int l = 0; l < w; l++) {
                    u128 sum = (u128)(~acc[l]) + cy;
                    acc[l] = (uint64_t)sum;
                    cy = sum >> 64;
                }
            }
            fmpz_set_ui_array(t, (const ulong *)acc, w);
            if (negative) fmpz_neg(t, t);
            arb_ptr out = (arb_ptr)c[i * n + j];
            arb_set_round_fmpz(out, t, prec);
            arb_mul_2exp_si(out, out, E[i] - L + F[j]);
            double radius = up(up(rsum * up(1 + gamma)) + eta);
            mag_t r;
            mag_init(r);
            mag_set_d(r, radius);
            arb_add_error_mag(out, r);
            mag_clear(r);
        }
    }
    fmpz_clear(t);
    free(alpha); free(aneg); free(sigma); free(E);
    return failed;
}

int sb_fixed_columns(const double *b, long k, long n, long ldb, int64_t *beta, double *babs, long *F, unsigned char *applies) {
    int all = 1;
    for (long j = 0; j < n; j++) {
        applies[j] = !column(b + j, k, ldb, beta + j * k, babs + j * k, F + j);
        all &= applies[j];
    }
    return !all;
}

int sb_ball_matmul_fixed_ex(sb_ball *c, const sb_ball_src *a, const double *b, long m, long k, long n, long ldb, long prec,
                            long limbs, int mutation) {
    if (m <= 0 || n <= 0 || k <= 0) return 1;
    int64_t *beta = (int64_t *)malloc(sizeof(int64_t) * (size_t)(k * n));
    double *babs = (double *)malloc(sizeof(double) * (size_t)(k * n));
    long *F = (long *)malloc(sizeof(long) * (size_t)n);
    unsigned char *applies = (unsigned char *)malloc((size_t)n);
    int failed = !(beta && babs && F && applies) || sb_fixed_columns(b, k, n, ldb, beta, babs, F, applies);
    if (!failed) failed = fixed_product(c, a, m, k, n, beta, babs, F, applies, prec, limbs, mutation);
    free(beta); free(babs); free(F); free(applies);
    return failed;
}

int sb_ball_matmul_fixed_prepared(sb_ball *c, const sb_ball_src *a, long m, long k, long n, const int64_t *beta,
                                  const double *babs, const long *F, const unsigned char *applies, long prec) {
    return fixed_product(c, a, m, k, n, beta, babs, F, applies, prec, (prec + 2 + 63) / 64, 0);
}
