/*
 * In-kernel microbenchmarks, run with the boot parameter bench=all (or
 * bench=NAME, bench=meminit). Each prints a human table and machine lines
 *   BENCH <name> <median> <min> <max> <unit>
 *   BENCH_RATIO <name> <median> <min> <max> <target>
 * that grading/bench.py collects.
 */
#ifndef _BENCH_BENCH_H
#define _BENCH_BENCH_H

#include "types.h"

bool bench_requested(void);
void bench_run(void);

#endif
