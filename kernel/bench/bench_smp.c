/*
 * Scaling: aggregate allocation throughput with 1, 2 and 4 harts
 * allocating at once, for order-0 pages and for kmalloc(64). Each hart
 * allocates a batch of SCALE_BATCH objects and frees them again, which
 * works its per-CPU page lists (or SLUB's per-CPU slab), for one common
 * window of SCALE_WINDOW_NS. With per-CPU caches the harts should not
 * meet on a lock, and throughput should grow with the number of harts.
 *
 * Under QEMU each hart is a host thread, so no workload can scale past
 * the host cores QEMU gets. A control workload, a loop that touches no
 * shared data, measures that bound in the same way: the allocator
 * scales well when its ratios come close to the control's. The same
 * pages taken from the zone lists under zone->lock show what the
 * per-CPU lists save when harts contend.
 */
#include "bench/bench_internal.h"
#include "mm/gfp.h"
#include "mm/slab.h"
#include "riscv.h"
#include "smp.h"
#include "printk.h"
#include "errno.h"

#define SCALE_WINDOW_NS (50 * NSEC_PER_MSEC)
#define SCALE_BATCH 16
#define NR_SCALES 3
static const int scale_cpus[NR_SCALES] = { 1, 2, 4 };
static struct zone *scale_zone;		/* for zone_batch() */

/* A workload does one batch: SCALE_BATCH operations; 0 or -ENOMEM. */
struct scale_work {
	const char *name;	/* in BENCH names: scale4_<name> */
	const char *label;
	int (*batch)(void);
	bool has_target;	/* the control has none */
};

/* One timed window of a workload on a set of CPUs. */
struct scale_run {
	const struct scale_work *work;
	int nr_cpus;		/* CPUs taking part */
	atomic_t arrived;	/* start barrier: CPUs that are ready */
	unsigned long start;	/* get_cycles() when the last one arrived */
	unsigned long end;	/* when all stop; 0 until the last one arrives */
	atomic_long_t ops;	/* operations done, all CPUs */
	atomic_t failed;
};

/* ---- workloads ----------------------------------------------------------- */

static int control_batch(void)
{
	volatile unsigned long sum = 0;	/* on this CPU's stack: nothing shared */

	for (int i = 0; i < SCALE_BATCH * 16; i++)
		sum += i;
	return 0;
}

static int page_batch(void)
{
	struct page *pages[SCALE_BATCH];
	int n, err = 0;

	for (n = 0; n < SCALE_BATCH; n++) {
		pages[n] = alloc_page(GFP_KERNEL | __GFP_NOWARN);
		if (!pages[n]) {
			err = -ENOMEM;
			break;
		}
	}
	while (n--)
		__free_page(pages[n]);
	return err;
}

/* The same through zone->lock only, as bench_pcp_vs_buddy's zone path. */
static int zone_batch(void)
{
	struct page *pages[SCALE_BATCH];
	int n, err = 0;

	if (!scale_zone)
		return -ENOMEM;
	for (n = 0; n < SCALE_BATCH; n++) {
		pages[n] = bench_zone_alloc_page(scale_zone);
		if (!pages[n]) {
			err = -ENOMEM;
			break;
		}
	}
	while (n--)
		bench_zone_free_page(scale_zone, pages[n]);
	return err;
}

static int kmalloc_batch(void)
{
	void *objs[SCALE_BATCH];
	int n, err = 0;

	for (n = 0; n < SCALE_BATCH; n++) {
		objs[n] = kmalloc(64, GFP_KERNEL);
		if (!objs[n]) {
			err = -ENOMEM;
			break;
		}
	}
	while (n--)
		kfree(objs[n]);
	return err;
}

static const struct scale_work scale_works[] = {
	{ "control", "control: busy loop, no shared data", control_batch, false },
	{ "page", "order-0 alloc+free, batches of 16", page_batch, true },
	{ "zone", "order-0 from the zone lists, batches of 16", zone_batch, false },
	{ "kmalloc", "kmalloc(64)+kfree, batches of 16", kmalloc_batch, true },
};

/* ---- one window ---------------------------------------------------------- */

/* Wait for every CPU of the run; the last to arrive opens the window. */
static unsigned long scale_barrier(struct scale_run *run)
{
	unsigned long end, window = SCALE_WINDOW_NS / 1000 * riscv_timebase / 1000000;

	if (atomic_inc_return(&run->arrived) == run->nr_cpus) {
		run->start = get_cycles();
		__atomic_store_n(&run->end, run->start + window, __ATOMIC_RELEASE);
	}
	while (!(end = __atomic_load_n(&run->end, __ATOMIC_ACQUIRE)))
		cpu_relax();
	return end;
}

/* Runs on each CPU of the run (on_each_cpu_mask). */
static void scale_worker(void *info)
{
	struct scale_run *run = info;
	unsigned long end = scale_barrier(run), ops = 0;

	while (get_cycles() < end) {
		if (run->work->batch()) {
			atomic_inc(&run->failed);
			break;
		}
		ops += SCALE_BATCH;
	}
	atomic_long_add(ops, &run->ops);
}

/* The calling CPU and the next online ones, `n` in all; 0 if too few. */
static unsigned long scale_mask(int n)
{
	unsigned long online = cpu_online_mask(), mask = 1UL << smp_processor_id();
	int have = 1;

	for (int cpu = 0; cpu < NR_CPUS && have < n; cpu++) {
		if ((online & (1UL << cpu)) && !(mask & (1UL << cpu))) {
			mask |= 1UL << cpu;
			have++;
		}
	}
	return have == n ? mask : 0;
}

/* One window on `nr_cpus` CPUs; *rate is in thousandths of Mops/s. */
static int scale_window(const struct scale_work *work, int nr_cpus, u64 *rate)
{
	struct scale_run run = { .work = work, .nr_cpus = nr_cpus };
	unsigned long mask = scale_mask(nr_cpus);
	u64 ns;

	if (!mask)
		return -ENODEV;
	atomic_set(&run.arrived, 0);
	atomic_long_set(&run.ops, 0);
	atomic_set(&run.failed, 0);
	on_each_cpu_mask(mask, scale_worker, &run);
	if (atomic_read(&run.failed))
		return -ENOMEM;
	ns = bench_cycles_to_ns(run.end - run.start);
	*rate = (u64)atomic_long_read(&run.ops) * 1000000 / ns;
	return 0;
}

/* ---- rounds and results -------------------------------------------------- */

/*
 * After one window to warm every CPU's caches, each round runs a window
 * on 1, 2 and 4 CPUs in turn, so that a ratio compares windows a
 * fraction of a second apart. nr: how many of scale_cpus[] can run.
 */
static int scale_rounds(const struct scale_work *work, int nr,
			u64 rate[NR_SCALES][BENCH_ROUNDS])
{
	u64 warm;
	int err = scale_window(work, scale_cpus[nr - 1], &warm);

	for (int r = 0; r < BENCH_ROUNDS && !err; r++)
		for (int s = 0; s < nr && !err; s++)
			err = scale_window(work, scale_cpus[s], &rate[s][r]);
	return err;
}

/* Targets: 75% of linear, 1.5 for 2 harts and 3.0 for 4. */
static void scale_report(const struct scale_work *work, int nr,
			 u64 rate[NR_SCALES][BENCH_ROUNDS])
{
	u64 ratio[BENCH_ROUNDS];
	char name[32], label[48];

	for (int s = 1; s < nr; s++) {
		for (int r = 0; r < BENCH_ROUNDS; r++)
			ratio[r] = rate[s][r] * 1000 / (rate[0][r] ? rate[0][r] : 1);
		snprintf(name, sizeof(name), "scale%d_%s", scale_cpus[s], work->name);
		snprintf(label, sizeof(label), "  %d harts over 1", scale_cpus[s]);
		if (work->has_target)
			bench_report_ratio(name, label, ratio, scale_cpus[s] * 750);
		else
			bench_report_factor(name, label, ratio);
	}
	for (int s = 0; s < nr; s++) {
		snprintf(name, sizeof(name), "%s_rate_%dcpu", work->name, scale_cpus[s]);
		snprintf(label, sizeof(label), "  %d hart%s, aggregate", scale_cpus[s],
			 scale_cpus[s] > 1 ? "s" : "");
		bench_report_rate(name, label, rate[s]);
	}
}

void bench_scaling(void)
{
	u64 rate[NR_SCALES][BENCH_ROUNDS];
	int nr = 0, err;

	scale_zone = bench_gfp_kernel_zone();
	while (nr < NR_SCALES && scale_mask(scale_cpus[nr]))
		nr++;
	if (nr < NR_SCALES)
		pr_raw("  scaling: only %d CPUs online, %d-hart runs left out\n",
		       num_online_cpus(), scale_cpus[nr]);
	for (size_t i = 0; i < ARRAY_SIZE(scale_works); i++) {
		bench_report_note(scale_works[i].label, "");
		err = scale_rounds(&scale_works[i], nr, rate);
		if (err)
			bench_report_error("  scaling", err);
		else
			scale_report(&scale_works[i], nr, rate);
	}
}
