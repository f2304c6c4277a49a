/*
 * What the user benchmarks (ubench, vmbench, swapbench, hotcold) share:
 * sorting a few samples, and the machine-readable result line that
 * grading/bench.py reads. (No Linux counterpart: perf and fio each have
 * their own.)
 */
#ifndef _USER_BENCH_H
#define _USER_BENCH_H

/* Sort v[0..n) ascending (an insertion sort: a benchmark has a handful of samples). */
void bench_sort(unsigned long *v, int n);

/* Print v (thousandths) as "a.bcd". */
void bench_print_milli(unsigned long v);

/*
 * "KIND name median min max tail" from n samples in thousandths, for
 * grading/bench.py: KIND is BENCH (a figure, tail its unit) or
 * BENCH_RATIO (tail the target, e.g. ">=0.5"). Sorts v.
 */
void bench_report_milli(const char *kind, const char *name, unsigned long *v, int n,
			const char *tail);

#endif
