/*
 * Timing batches of operations in rounds (see bench_internal.h for the
 * method). Time is read from the `time` CSR, which runs at
 * riscv_timebase Hz (10 MHz under QEMU) on every hart alike.
 */
#include "bench/bench_internal.h"
#include "riscv.h"
#include "printk.h"

u64 bench_cycles_to_ns(unsigned long cycles)
{
	return cycles / riscv_timebase * NSEC_PER_SEC +
	       (cycles % riscv_timebase) * NSEC_PER_SEC / riscv_timebase;
}

static int run_batch(struct bench_op *op, unsigned long n, u64 *ns)
{
	unsigned long start = get_cycles();
	int err = op->fn(op->arg, n);

	*ns = bench_cycles_to_ns(get_cycles() - start);
	return err;
}

/*
 * The next batch size while calibrating: aim a quarter above the target,
 * but grow by at least a quarter and at most 16x per step, so that a
 * batch slowed down by the host (or by QEMU translating code the first
 * time) cannot make the estimate collapse.
 */
static unsigned long next_iters(unsigned long iters, u64 ns)
{
	u64 want = ns ? iters * (BENCH_BATCH_NS + BENCH_BATCH_NS / 4) / ns + 1 : iters * 16;

	return clamp(want, iters + iters / 4 + 1, iters * 16);
}

/* Grow the batch until two batches in a row last BENCH_BATCH_NS. */
int bench_calibrate(struct bench_op *op)
{
	int long_enough = 0;
	u64 ns;
	int err;

	for (op->iters = 8; long_enough < 2;) {
		err = run_batch(op, op->iters, &ns);
		if (err)
			return err;
		if (ns >= BENCH_BATCH_NS) {
			long_enough++;
		} else {
			long_enough = 0;
			op->iters = next_iters(op->iters, ns);
		}
	}
	return 0;
}

int bench_time(struct bench_op *op, u64 *ps)
{
	u64 ns;
	int err = run_batch(op, op->iters, &ns);

	*ps = ns * 1000 / op->iters;
	return err;
}

int bench_rounds(struct bench_op *op, u64 *ps)
{
	int err = bench_calibrate(op);

	for (int r = 0; r < BENCH_ROUNDS && !err; r++)
		err = bench_time(op, &ps[r]);
	return err;
}

/*
 * One round of a pair. The batches of a and b are cut into
 * BENCH_SLICES slices run in turn (a, b, a, b, ...), so that a moment
 * when the host runs something else lands on both sides of the ratio.
 */
static int time_pair_round(struct bench_op *a, struct bench_op *b, u64 *pa, u64 *pb)
{
	unsigned long na = DIV_ROUND_UP(a->iters, BENCH_SLICES);
	unsigned long nb = DIV_ROUND_UP(b->iters, BENCH_SLICES);
	u64 ta = 0, tb = 0, ns;
	int err;

	for (int s = 0; s < BENCH_SLICES; s++) {
		err = run_batch(a, na, &ns);
		if (err)
			return err;
		ta += ns;
		err = run_batch(b, nb, &ns);
		if (err)
			return err;
		tb += ns;
	}
	*pa = ta * 1000 / (na * BENCH_SLICES);
	*pb = tb * 1000 / (nb * BENCH_SLICES);
	return 0;
}

int bench_rounds_pair(struct bench_op *a, struct bench_op *b, u64 *pa, u64 *pb, u64 *ratio)
{
	int err = bench_calibrate(a);

	if (!err)
		err = bench_calibrate(b);
	for (int r = 0; r < BENCH_ROUNDS && !err; r++) {
		err = time_pair_round(a, b, &pa[r], &pb[r]);
		if (!err)
			ratio[r] = pb[r] * 1000 / (pa[r] ? pa[r] : 1);
	}
	return err;
}
