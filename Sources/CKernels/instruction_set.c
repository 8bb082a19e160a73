#include "ckernels.h"

const char *ck_instruction_set(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return "AVX-512";
    if (__builtin_cpu_supports("avx2")) return "AVX2";
    return "baseline";
}
