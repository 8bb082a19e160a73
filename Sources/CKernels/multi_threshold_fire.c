#include "ckernels.h"

#pragma STDC FP_CONTRACT OFF

enum { chunk = 64 };

// Elements in chunks, levels outside, elements inside: the inner loops have no branches and
// a fixed trip count, so they vectorise.
__attribute__((target_clones("avx512f", "avx2", "default")))
void ck_multi_threshold_fire(double *membrane, double *spikes, int64_t count, const double *positiveLevel,
                             const double *positiveBound, const double *negativeLevel, const double *negativeBound,
                             int64_t levels) {
    for (int64_t i0 = 0; i0 < count; i0 += chunk) {
        int64_t width = count - i0 < chunk ? count - i0 : chunk;
        double *v = membrane + i0, *s = spikes + i0;
        double spike[chunk];
        long found[chunk];
        for (int64_t i = 0; i < width; i++) spike[i] = 0.0, found[i] = 0;
        for (int64_t k = 0; k < levels; k++) {
            double pb = positiveBound[k], pl = positiveLevel[k], nb = negativeBound[k], nl = -negativeLevel[k];
            for (int64_t i = 0; i < width; i++) {
                long up = !(v[i] < pb), down = !(-v[i] < nb);
                double candidate = up ? pl : (down ? nl : 0.0);
                spike[i] = found[i] ? spike[i] : candidate;
                found[i] |= up | down;
            }
        }
        for (int64_t i = 0; i < width; i++) {
            s[i] = spike[i];
            v[i] = v[i] - spike[i];
        }
    }
}
