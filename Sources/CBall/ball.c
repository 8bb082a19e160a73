/* Ball arithmetic for SpikeBound on Arb. See include/cball.h for the contracts. Every result
   comes from an Arb operation, which guarantees containment; this file only converts, checks
   finiteness and reads bounds, each rounded outward. */
#include "cball.h"

#include <arb.h>
#include <arb_hypgeom.h>
#include <arb_mat.h>
#include <flint/fmpq.h>
#include <gmp.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define B(x) ((arb_ptr)(x))
#define S(x) ((arb_srcptr)(x))

sb_ball sb_ball_new(void) {
    arb_ptr b = (arb_ptr)malloc(sizeof(arb_struct));
    if (b) arb_init(b);
    return b;
}

void sb_ball_free(sb_ball b) {
    if (!b) return;
    arb_clear(B(b));
    free(b);
}

int sb_ball_set_d(sb_ball r, double x) {
    if (!isfinite(x)) return 1;
    arb_set_d(B(r), x); /* exact: a finite double is a dyadic */
    return 0;
}

void sb_ball_set_mpq(sb_ball r, const void *q, long prec) {
    fmpq_t f;
    fmpq_init(f);
    fmpq_set_mpq(f, (mpq_srcptr)q);
    arb_set_fmpq(B(r), f, prec);
    fmpq_clear(f);
}

void sb_ball_set(sb_ball r, sb_ball_src x) { arb_set(B(r), S(x)); }
void sb_ball_add(sb_ball r, sb_ball_src a, sb_ball_src b, long prec) { arb_add(B(r), S(a), S(b), prec); }
void sb_ball_sub(sb_ball r, sb_ball_src a, sb_ball_src b, long prec) { arb_sub(B(r), S(a), S(b), prec); }
void sb_ball_mul(sb_ball r, sb_ball_src a, sb_ball_src b, long prec) { arb_mul(B(r), S(a), S(b), prec); }
void sb_ball_neg(sb_ball r, sb_ball_src a) { arb_neg(B(r), S(a)); }
void sb_ball_div_si(sb_ball r, sb_ball_src a, long n, long prec) { arb_div_si(B(r), S(a), n, prec); }

int sb_ball_div(sb_ball r, sb_ball_src a, sb_ball_src b, long prec) {
    if (arb_contains_zero(S(b))) return 1;
    arb_div(B(r), S(a), S(b), prec);
    return !arb_is_finite(B(r));
}

int sb_ball_exp(sb_ball r, sb_ball_src x, long prec) {
    arb_exp(B(r), S(x), prec);
    return !arb_is_finite(B(r));
}

int sb_ball_rsqrt(sb_ball r, sb_ball_src x, long prec) {
    if (!arb_is_positive(S(x))) return 1;
    arb_rsqrt(B(r), S(x), prec);
    return !arb_is_finite(B(r));
}

int sb_ball_inv(sb_ball r, sb_ball_src x, long prec) {
    if (arb_contains_zero(S(x))) return 1;
    arb_inv(B(r), S(x), prec);
    return !arb_is_finite(B(r));
}

int sb_ball_gelu_erf(sb_ball r, sb_ball_src x, long prec) {
    arb_t t;
    arb_init(t);
    arb_sqrt_ui(t, 2, prec);
    arb_div(t, S(x), t, prec);
    arb_hypgeom_erf(t, t, prec);
    arb_add_ui(t, t, 1, prec);
    arb_mul(t, t, S(x), prec);
    arb_mul_2exp_si(B(r), t, -1);
    arb_clear(t);
    return !arb_is_finite(B(r));
}

int sb_ball_gelu_tanh(sb_ball r, sb_ball_src x, long prec) {
    /* x(1 + tanh u)/2 = x/(1 + e^(−2u)), u = √(2/π)(x + 0.044715x³): the logistic form stays
       finite on wide balls, where Arb's tanh may not. */
    arb_t c, t, u;
    arb_init(c); arb_init(t); arb_init(u);
    arb_const_pi(c, prec);
    arb_ui_div(c, 2, c, prec);
    arb_sqrt(c, c, prec);                 /* √(2/π) */
    arb_pow_ui(t, S(x), 3, prec);
    arb_set_si(u, 44715);
    arb_div_ui(u, u, 1000000, prec);      /* 0.044715 */
    arb_mul(t, t, u, prec);
    arb_add(t, t, S(x), prec);
    arb_mul(t, t, c, prec);
    arb_mul_2exp_si(t, t, 1);
    arb_neg(t, t);
    arb_exp(t, t, prec);
    arb_add_ui(t, t, 1, prec);            /* 1 + e^(−2u) */
    arb_div(B(r), S(x), t, prec);
    arb_clear(c); arb_clear(t); arb_clear(u);
    return !arb_is_finite(B(r));
}

int sb_ball_gelu_quick(sb_ball r, sb_ball_src x, long prec) {
    arb_t t;
    arb_init(t);
    arb_set_si(t, -1702);
    arb_div_ui(t, t, 1000, prec);         /* −1.702 */
    arb_mul(t, t, S(x), prec);
    arb_exp(t, t, prec);
    arb_add_ui(t, t, 1, prec);            /* 1 + e^(−1.702x) */
    arb_div(B(r), S(x), t, prec);
    arb_clear(t);
    return !arb_is_finite(B(r));
}

/* A matrix whose entries are bitwise copies of the given balls (shallow: they share the
   balls' mantissa limbs). It is only read, and freed without clearing its entries. */
static void shallow_matrix(arb_mat_t m, const sb_ball_src *x, long rows, long cols) {
    m->entries = (arb_ptr)flint_malloc(sizeof(arb_struct) * (size_t)(rows * cols > 0 ? rows * cols : 1));
    m->rows = (arb_ptr *)flint_malloc(sizeof(arb_ptr) * (size_t)(rows > 0 ? rows : 1));
    m->r = rows;
    m->c = cols;
    for (long i = 0; i < rows * cols; i++) memcpy(m->entries + i, x[i], sizeof(arb_struct));
    for (long i = 0; i < rows; i++) m->rows[i] = m->entries + i * cols;
}

static void free_shallow(arb_mat_t m) {
    flint_free(m->entries);
    flint_free(m->rows);
}

/* c (row-major, m × n existing balls) = A·Bm by Arb's product, classical or its default. */
static void product_into(sb_ball *c, const arb_mat_t A, const arb_mat_t Bm, long m, long n, long prec, int classical) {
    arb_mat_t C;
    arb_mat_init(C, m, n);
    if (classical) arb_mat_mul_classical(C, A, Bm, prec);
    else arb_mat_mul(C, A, Bm, prec);
    for (long i = 0; i < m; i++)
        for (long j = 0; j < n; j++) arb_swap(B(c[i * n + j]), arb_mat_entry(C, i, j));
    arb_mat_clear(C);
}

void sb_ball_matmul(sb_ball *c, const sb_ball_src *a, const sb_ball_src *b, long m, long k, long n, long prec) {
    arb_mat_t A, Bm;
    shallow_matrix(A, a, m, k);
    shallow_matrix(Bm, b, k, n);
    product_into(c, A, Bm, m, n, prec, 0);
    free_shallow(A);
    free_shallow(Bm);
}

int sb_ball_is_finite(sb_ball_src x) { return arb_is_finite(S(x)); }
int sb_ball_is_exact(sb_ball_src x) { return arb_is_exact(S(x)); }
double sb_ball_mid_d(sb_ball_src x) { return arf_get_d(arb_midref(S(x)), ARF_RND_NEAR); }

double sb_ball_rad_up(sb_ball_src x) {
    arf_t t;
    arf_init(t);
    arf_set_mag(t, arb_radref(S(x)));
    double d = arf_get_d(t, ARF_RND_CEIL);
    arf_clear(t);
    return d;
}

static double bound(sb_ball_src x, int upper, int absolute) {
    if (!arb_is_finite(S(x))) return upper ? INFINITY : (absolute ? 0.0 : -INFINITY);
    arf_t t;
    arf_init(t);
    if (absolute) {
        if (upper) arb_get_abs_ubound_arf(t, S(x), 64);
        else arb_get_abs_lbound_arf(t, S(x), 64);
    } else {
        if (upper) arb_get_ubound_arf(t, S(x), 64);
        else arb_get_lbound_arf(t, S(x), 64);
    }
    double d = arf_get_d(t, upper ? ARF_RND_CEIL : ARF_RND_FLOOR);
    arf_clear(t);
    return d;
}

double sb_ball_lo_down(sb_ball_src x) { return bound(x, 0, 0); }
double sb_ball_hi_up(sb_ball_src x) { return bound(x, 1, 0); }
double sb_ball_abs_upper(sb_ball_src x) { return bound(x, 1, 1); }
double sb_ball_abs_lower(sb_ball_src x) { return bound(x, 0, 1); }

static int arf_to_mpq(const arf_t x, mpq_ptr q) {
    fmpz_t man, e;
    fmpz_init(man);
    fmpz_init(e);
    arf_get_fmpz_2exp(man, e, x);
    int failed = !fmpz_fits_si(e);
    if (!failed) {
        long shift = fmpz_get_si(e);
        mpz_t z;
        mpz_init(z);
        fmpz_get_mpz(z, man);
        mpq_set_z(q, z);
        if (shift > 0) mpq_mul_2exp(q, q, (mp_bitcnt_t)shift);
        else if (shift < 0) mpq_div_2exp(q, q, (mp_bitcnt_t)(-shift));
        mpz_clear(z);
    }
    fmpz_clear(man);
    fmpz_clear(e);
    return failed;
}

int sb_ball_get_ends_mpq(sb_ball_src x, void *lo, void *hi) {
    if (!arb_is_finite(S(x))) return 1;
    arf_t a, b;
    arf_init(a);
    arf_init(b);
    arf_set_mag(b, arb_radref(S(x)));
    arf_sub(a, arb_midref(S(x)), b, ARF_PREC_EXACT, ARF_RND_DOWN);
    arf_add(b, arb_midref(S(x)), b, ARF_PREC_EXACT, ARF_RND_DOWN);
    int failed = arf_to_mpq(a, (mpq_ptr)lo) || arf_to_mpq(b, (mpq_ptr)hi);
    arf_clear(a);
    arf_clear(b);
    return failed;
}

int sb_ball_order(sb_ball_src a, sb_ball_src b) {
    if (arb_lt(S(a), S(b))) return -1;
    if (arb_gt(S(a), S(b))) return 1;
    if (arb_is_exact(S(a)) && arb_is_exact(S(b)) && arb_equal(S(a), S(b))) return 0;
    return 2;
}

int sb_ball_floor_div(sb_ball_src x, sb_ball_src u, long prec, long *out) {
    if (!arb_is_positive(S(u))) return 0;
    arb_t q;
    arf_t lo, hi;
    arb_init(q);
    arf_init(lo);
    arf_init(hi);
    arb_div(q, S(x), S(u), prec);
    int ok = 0;
    if (arb_is_finite(q)) {
        arb_get_lbound_arf(lo, q, prec);
        arb_get_ubound_arf(hi, q, prec);
        arf_floor(lo, lo);
        arf_floor(hi, hi);
        if (arf_equal(lo, hi) && arf_cmpabs_2exp_si(lo, 62) < 0) {
            *out = arf_get_si(lo, ARF_RND_DOWN);
            ok = 1;
        }
    }
    arb_clear(q);
    arf_clear(lo);
    arf_clear(hi);
    return ok;
}

const char *sb_arb_version(void) { return arb_version; }

void sb_ball_matmul_d(sb_ball *c, const sb_ball_src *a, const double *b, long m, long k, long n, long ldb, long prec) {
    arb_mat_t A, Bm;
    shallow_matrix(A, a, m, k);
    arb_mat_init(Bm, k, n);
    for (long i = 0; i < k; i++)
        for (long j = 0; j < n; j++) arb_set_d(arb_mat_entry(Bm, i, j), b[i * ldb + j]);
    product_into(c, A, Bm, m, n, prec, 1);
    arb_mat_clear(Bm);
    free_shallow(A);
}

void sb_ball_union(sb_ball r, sb_ball_src a, sb_ball_src b, long prec) { arb_union(B(r), S(a), S(b), prec); }
