#include "ckernels.h"

#include <stdlib.h>

// Products are rounded before they are added: the sums must equal the plain loop's to the bit.
#pragma STDC FP_CONTRACT OFF

// For each column block of C (about 512 KB of it, in multiples of 8 columns: level 2 cache) and
// each p, row p of B (its block) into every row of C listed for column p of A; B's entries are
// of type ELEMENT (double, or float widened to double exactly, which halves B's memory
// traffic and changes no product). One function per instruction set, chosen once per call.
#define ADD_COLUMNS(NAME, ELEMENT)                                                                         \
    __attribute__((target_clones("avx512f", "avx2", "default")))                                         \
    static void NAME(const int64_t *start, const int32_t *rows, const double *values, const ELEMENT *b,  \
                     double *c, int64_t k, int64_t n, int64_t block) {                                    \
        for (int64_t j0 = 0; j0 < n; j0 += block) {                                                       \
            int64_t width = n - j0 < block ? n - j0 : block;                                              \
            for (int64_t p = 0; p < k; p++) {                                                             \
                const ELEMENT *restrict bp = b + p * n + j0;                                              \
                for (int64_t e = start[p]; e < start[p + 1]; e++) {                                       \
                    double x = values[e];                                                                 \
                    double *restrict cr = c + (int64_t)rows[e] * n + j0;                                  \
                    for (int64_t j = 0; j < width; j++) cr[j] = cr[j] + x * (double)bp[j];                \
                }                                                                                         \
            }                                                                                             \
        }                                                                                                 \
    }

ADD_COLUMNS(add_columns, double)
ADD_COLUMNS(add_columns_narrow, float)

// A's non-zero entries by column, then one of the two column adders.
static int matmul(const double *a, const double *b, const float *narrow, double *c, int64_t m, int64_t k, int64_t n) {
    if (m <= 0 || k <= 0 || n <= 0) return 0;
    int64_t *start = calloc((size_t)k + 1, sizeof *start);
    if (!start) return -1;
    // Count the non-zero entries of each column (NaN counts: it is not equal to 0).
    for (int64_t i = 0; i < m; i++) {
        const double *row = a + i * k;
        for (int64_t p = 0; p < k; p++) start[p + 1] += row[p] != 0;
    }
    for (int64_t p = 0; p < k; p++) start[p + 1] += start[p];
    int64_t count = start[k];
    if (count == 0) {
        free(start);
        return 0;
    }
    int64_t *fill = malloc((size_t)k * sizeof *fill);
    int32_t *rows = malloc((size_t)count * sizeof *rows);
    double *values = malloc((size_t)count * sizeof *values);
    if (!fill || !rows || !values) {
        free(start), free(fill), free(rows), free(values);
        return -1;
    }
    for (int64_t p = 0; p < k; p++) fill[p] = start[p];
    for (int64_t i = 0; i < m; i++) {
        const double *row = a + i * k;
        for (int64_t p = 0; p < k; p++) {
            if (row[p] != 0) {
                rows[fill[p]] = (int32_t)i;
                values[fill[p]] = row[p];
                fill[p]++;
            }
        }
    }
    int64_t block = (65536 / m) & ~(int64_t)7;
    if (block < 32) block = 32;
    if (block > n) block = n;
    if (narrow)
        add_columns_narrow(start, rows, values, narrow, c, k, n, block);
    else
        add_columns(start, rows, values, b, c, k, n, block);
    free(start), free(fill), free(rows), free(values);
    return 0;
}

int ck_matmul_skipping_zeros(const double *a, const double *b, double *c, int64_t m, int64_t k, int64_t n) {
    return matmul(a, b, 0, c, m, k, n);
}

int ck_matmul_skipping_zeros_narrow(const double *a, const float *b, double *c, int64_t m, int64_t k, int64_t n) {
    return matmul(a, 0, b, c, m, k, n);
}
