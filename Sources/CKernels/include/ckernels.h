#ifndef SPIKEBOUND_CKERNELS_H
#define SPIKEBOUND_CKERNELS_H

#include <stdint.h>

/// C = A·B for row-major A (m×k), B (k×n) and C (m×n, which must hold zeros), summing for each
/// C[i][j] the products a[i][p]·b[p][j] over the non-zero a[i][p] in increasing p, each product
/// rounded and then added (no fused multiply-add): the plain triple loop's sum, skipping zero
/// entries of A. Event-driven: A's non-zero entries are gathered by column, then each row p of
/// B is read once per column block of C and added into the rows of C whose a[i][p] is non-zero.
/// Vectorised for AVX-512, AVX2 or the baseline, chosen at run time. Returns 0, or −1 when it
/// could not allocate its buffers (C is then untouched).
int ck_matmul_skipping_zeros(const double *a, const double *b, double *c, int64_t m, int64_t k, int64_t n);

/// ck_matmul_skipping_zeros with B given in single precision: every b[p][j] is widened to
/// double exactly, so C is the product with the widened B, to the bit; B's memory traffic halves.
int ck_matmul_skipping_zeros_narrow(const double *a, const float *b, double *c, int64_t m, int64_t k, int64_t n);

/// A multi-threshold neuron's firing on the membranes V⁻ (count of them, in place): for each
/// element, the first k in 0..<levels with !(V⁻ < positiveBound[k]) fires positiveLevel[k], or
/// else with !(−V⁻ < negativeBound[k]) fires −negativeLevel[k] (so NaN fires the first
/// positive level); s gets the spike (0 when none fired) and V⁻ becomes V⁻ − s. Branch-free
/// and vectorised (AVX-512, AVX2 or the baseline, chosen at run time).
void ck_multi_threshold_fire(double *membrane, double *spikes, int64_t count, const double *positiveLevel,
                             const double *positiveBound, const double *negativeLevel, const double *negativeBound,
                             int64_t levels);

/// The instruction set the kernels above run with on this machine: "AVX-512", "AVX2" or
/// "baseline" (the order in which their target_clones are preferred).
const char *ck_instruction_set(void);

#endif
