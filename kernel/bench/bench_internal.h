/*
 * Shared by the benchmark files: timing operations in rounds
 * (bench_timing.c), reporting results (bench_report.c), and the
 * benchmarks themselves (bench_page.c, bench_kmem.c, bench_smp.c,
 * bench_blk.c).
 * Linux has no in-tree equivalent; its allocators are measured with
 * out-of-tree modules (page_bench in netoptimizer/prototype-kernel)
 * that work the same way.
 *
 * Every figure is the median, minimum and maximum of BENCH_ROUNDS
 * rounds. A round times one batch of operations that lasts at least
 * BENCH_BATCH_NS, so that the 100 ns resolution of the `time` CSR and
 * the odd timer interrupt disappear in the batch. A ratio is computed
 * per round from two batches run in alternating slices, so that a slow
 * moment of the host (QEMU shares it) hits both sides of the ratio.
 */
#ifndef _BENCH_BENCH_INTERNAL_H
#define _BENCH_BENCH_INTERNAL_H

#include "types.h"

#define BENCH_ROUNDS 9
#define NSEC_PER_MSEC 1000000UL
#define NSEC_PER_SEC 1000000000UL
#define BENCH_BATCH_NS (20 * NSEC_PER_MSEC)
#define BENCH_SLICES 10		/* a pair's batches alternate in slices */

/* An operation under test: fn(arg, n) does it n times; 0 or -ENOMEM. */
struct bench_op {
	int (*fn)(void *arg, unsigned long n);
	void *arg;
	unsigned long iters;	/* per batch, set by bench_calibrate() */
};

u64 bench_cycles_to_ns(unsigned long cycles);
/* Choose op->iters so that one batch lasts at least BENCH_BATCH_NS. */
int bench_calibrate(struct bench_op *op);
/* Run one batch; *ps is the time per operation in picoseconds. */
int bench_time(struct bench_op *op, u64 *ps);
/* Calibrate, then time BENCH_ROUNDS batches into ps[]. */
int bench_rounds(struct bench_op *op, u64 *ps);
/*
 * Calibrate both, then BENCH_ROUNDS rounds of a batch of a and one of b,
 * interleaved; ratio[r] = pb[r] / pa[r] in thousandths (how much faster
 * a is).
 */
int bench_rounds_pair(struct bench_op *a, struct bench_op *b, u64 *pa, u64 *pb, u64 *ratio);

/*
 * Results. Each value is in thousandths of its unit (picoseconds for
 * "ns", thousandths for a ratio), so one printer serves them all; `v`
 * holds BENCH_ROUNDS samples and is sorted in place.
 */
void bench_report_time(const char *name, const char *label, u64 *v);
void bench_report_rate(const char *name, const char *label, u64 *v);
void bench_report_bw(const char *name, const char *label, u64 *v);
void bench_report_ratio(const char *name, const char *label, u64 *v, u64 target);
void bench_report_factor(const char *name, const char *label, u64 *v);
void bench_report_ms(const char *name, const char *label, u64 ms_milli);
void bench_report_error(const char *label, int err);
void bench_report_note(const char *label, const char *text);
/* The BENCH and BENCH_RATIO lines of every result so far. */
void bench_print_machine_lines(void);

/*
 * Order-0 pages straight from a zone's free lists, bypassing the
 * per-CPU lists (bench_page.c), and the zone GFP_KERNEL pages come from.
 */
struct zone;
struct page;
struct page *bench_zone_alloc_page(struct zone *zone);
void bench_zone_free_page(struct zone *zone, struct page *page);
struct zone *bench_gfp_kernel_zone(void);

/*
 * Where /proc/bench_swapdisk's passes may write on bdev (bench_blk.c):
 * *start is the first byte of SWAPDISK_BYTES past the swap area its
 * header describes (at the next MiB), or 1 MiB on grading/bench.py's
 * scratch disk. -ENOSPC if the disk ends before the region does,
 * -EPERM if it is neither, -EIO if page 0 cannot be read.
 */
struct block_device;
int bench_swapdisk_spare_region(struct block_device *bdev, u64 *start);
#define SWAPDISK_BYTES	(64 * SZ_1M)

/* The benchmarks, one per name accepted by bench=. */
void bench_pcp_vs_buddy(void);
void bench_orders(void);
void bench_kmalloc64_vs_page(void);
void bench_vmalloc(void);
void bench_scaling(void);
void bench_swapdisk(void);

#endif
