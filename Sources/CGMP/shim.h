#ifndef SPIKEBOUND_CGMP_SHIM_H
#define SPIKEBOUND_CGMP_SHIM_H

#include <gmp.h>

/* GMP's function-like macros are not imported by Swift; these wrappers are. */
static inline mpz_ptr sb_mpq_numref(mpq_ptr q) { return mpq_numref(q); }
static inline mpz_ptr sb_mpq_denref(mpq_ptr q) { return mpq_denref(q); }
static inline mpz_srcptr sb_mpq_numref_const(mpq_srcptr q) { return mpq_numref(q); }
static inline mpz_srcptr sb_mpq_denref_const(mpq_srcptr q) { return mpq_denref(q); }
static inline int sb_mpq_sgn(mpq_srcptr q) { return mpq_sgn(q); }
static inline int sb_mpz_sgn(mpz_srcptr z) { return mpz_sgn(z); }
static inline int sb_mpz_odd_p(mpz_srcptr z) { return mpz_odd_p(z); }
static inline int sb_mpz_size_field(mpz_srcptr z) { return z->_mp_size; }
static inline mp_limb_t sb_mpz_limb(mpz_srcptr z, long i) { return z->_mp_d[i]; }
static inline const char *sb_gmp_version(void) { return gmp_version; }

#endif
