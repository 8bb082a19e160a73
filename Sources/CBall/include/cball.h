#ifndef SPIKEBOUND_CBALL_H
#define SPIKEBOUND_CBALL_H
#include <stdint.h>
/* Ball arithmetic on Arb, for SpikeBound's Ball scalar. A ball is an opaque pointer to one
   arb_struct of its own allocation. Every operation is Arb's: the result ball contains the
   exact result for every point of the operand balls (Arb's containment guarantee). Functions
   that can fail return 0 on success and a non-zero code otherwise; the output is then not a
   finite ball. `prec` is the working precision in bits. */

typedef void *sb_ball;
typedef const void *sb_ball_src;

sb_ball sb_ball_new(void);
void sb_ball_free(sb_ball b);

/* Exact conversions: a double (any finite double is a dyadic), and a GMP rational given as
   `const mpq_t` cast to const void* (enclosed at prec when it is not dyadic). */
int sb_ball_set_d(sb_ball r, double x);
void sb_ball_set_mpq(sb_ball r, const void *q, long prec);
void sb_ball_set(sb_ball r, sb_ball_src x);

void sb_ball_add(sb_ball r, sb_ball_src a, sb_ball_src b, long prec);
void sb_ball_sub(sb_ball r, sb_ball_src a, sb_ball_src b, long prec);
void sb_ball_mul(sb_ball r, sb_ball_src a, sb_ball_src b, long prec);
void sb_ball_neg(sb_ball r, sb_ball_src a);
/* A ball containing both balls. */
void sb_ball_union(sb_ball r, sb_ball_src a, sb_ball_src b, long prec);
void sb_ball_div_si(sb_ball r, sb_ball_src a, long n, long prec);
/* 1 when b may be zero. */
int sb_ball_div(sb_ball r, sb_ball_src a, sb_ball_src b, long prec);

/* Elementary functions; 1 when the result is not finite (outside the domain, or overflow). */
int sb_ball_exp(sb_ball r, sb_ball_src x, long prec);
int sb_ball_rsqrt(sb_ball r, sb_ball_src x, long prec);
int sb_ball_inv(sb_ball r, sb_ball_src x, long prec);
/* x·Φ(x) = x(1 + erf(x/√2))/2. */
int sb_ball_gelu_erf(sb_ball r, sb_ball_src x, long prec);
/* x(1 + tanh(√(2/π)(x + 0.044715x³)))/2. */
int sb_ball_gelu_tanh(sb_ball r, sb_ball_src x, long prec);
/* x·σ(1.702x). */
int sb_ball_gelu_quick(sb_ball r, sb_ball_src x, long prec);

/* c = a·b for row-major arrays of balls a [m, k] and b [k, n]; c's balls must exist. */
void sb_ball_matmul(sb_ball *c, const sb_ball_src *a, const sb_ball_src *b, long m, long k, long n, long prec);
/* The same with b a [k, n] block of finite doubles (exact points) of row stride ldb. */
void sb_ball_matmul_d(sb_ball *c, const sb_ball_src *a, const double *b, long m, long k, long n, long ldb, long prec);
/* The same by fixed-point integers (B-FIX, fixed_matmul.c), much faster at 2 to 4 limbs, with the
   limb count given and a deliberate weakening for the mutation tests (0 none; 1 drop the
   midpoints' conversion rounding; 2 drop a's radii); 0 on success, 1 when it does not apply (c is
   then partly written: recompute all of it). */
int sb_ball_matmul_fixed_ex(sb_ball *c, const sb_ball_src *a, const double *b, long m, long k, long n, long ldb, long prec,
                            long limbs, int mutation);
/* B-FIX's integer form of b's columns, computed once for a matrix that many products read (model
   weights): column j's exact integers β (k of them, at beta + j·k, with β_p·2^F[j] = b_pj), their
   magnitudes |b_pj| (at babs + j·k) and applies[j] = 0 where the column's exponents span more than
   63 bits or an entry is not finite. Returns 1 when some column does not apply. */
int sb_fixed_columns(const double *b, long k, long n, long ldb, int64_t *beta, double *babs, long *F,
                     unsigned char *applies);
/* B-FIX for b given by sb_fixed_columns (the arrays may start at a column j0, with n the number of
   columns from there), with the limbs the precision needs: the balls sb_ball_matmul_fixed_ex gives
   for the same columns, to the bit; 1 when it does not apply. */
int sb_ball_matmul_fixed_prepared(sb_ball *c, const sb_ball_src *a, long m, long k, long n, const int64_t *beta,
                                  const double *babs, const long *F, const unsigned char *applies, long prec);

int sb_ball_is_finite(sb_ball_src x);
int sb_ball_is_exact(sb_ball_src x);
/* The midpoint rounded to the nearest double. */
double sb_ball_mid_d(sb_ball_src x);
/* A double ≥ the radius. */
double sb_ball_rad_up(sb_ball_src x);
/* Doubles with lo ≤ every point of the ball ≤ hi (rounded outward). */
double sb_ball_lo_down(sb_ball_src x);
double sb_ball_hi_up(sb_ball_src x);
/* Doubles with lower ≤ |y| ≤ upper for every point y of the ball (rounded outward). */
double sb_ball_abs_upper(sb_ball_src x);
double sb_ball_abs_lower(sb_ball_src x);
/* The ball's exact ends as GMP rationals (mpq_t cast to void*); 1 when the ball is not finite. */
int sb_ball_get_ends_mpq(sb_ball_src x, void *lo, void *hi);
/* -1 when every point of a is below every point of b, 1 when above, 0 when both are the same
   exact point, 2 otherwise (undecided). */
int sb_ball_order(sb_ball_src a, sb_ball_src b);
/* ⌊x/u⌋ when it is the same integer for every point (1 is returned and *out set), else 0. */
int sb_ball_floor_div(sb_ball_src x, sb_ball_src u, long prec, long *out);
/* Arb's version string. */
const char *sb_arb_version(void);

#endif
