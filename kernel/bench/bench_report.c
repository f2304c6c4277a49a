/*
 * Reporting results: one row of the human table as each result comes
 * in, and the BENCH / BENCH_RATIO lines for grading/bench.py at the end.
 * The kernel's printk has no floating point, so values are kept in
 * thousandths of their unit and printed as fixed-point decimals.
 */
#include "bench/bench_internal.h"
#include "printk.h"
#include "string.h"
#include "errno.h"

enum bench_kind { KIND_TIME, KIND_RATE, KIND_RATIO, KIND_FACTOR, KIND_MS, KIND_BW };

struct bench_result {
	char name[32];
	enum bench_kind kind;
	u64 median, min, max;	/* thousandths of the unit */
	u64 target;		/* KIND_RATIO only, thousandths */
};

#define MAX_RESULTS 64
static struct bench_result results[MAX_RESULTS];
static int nr_results;

static const char *const machine_unit[] = {
	[KIND_TIME] = "ns", [KIND_RATE] = "Mops/s", [KIND_FACTOR] = "x", [KIND_MS] = "ms",
	[KIND_BW] = "MB/s",
};

static void sort_samples(u64 *v, int n)
{
	for (int i = 1; i < n; i++) {
		u64 x = v[i];
		int j = i;

		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* v / scale with `decimals` digits after the point (truncated). */
static void fmt_fixed(char *buf, size_t size, u64 v, u64 scale, int decimals)
{
	u64 pow = 1;

	for (int i = 0; i < decimals; i++)
		pow *= 10;
	snprintf(buf, size, "%lu.%0*lu", v / scale, decimals, v % scale * pow / scale);
}

static struct bench_result *add_result(const char *name, enum bench_kind kind, u64 *v)
{
	struct bench_result *r;

	if (nr_results == MAX_RESULTS) {
		pr_raw("  (bench: too many results, %s not kept)\n", name);
		return NULL;
	}
	r = &results[nr_results++];
	strlcpy(r->name, name, sizeof(r->name));
	r->kind = kind;
	sort_samples(v, BENCH_ROUNDS);
	r->median = v[BENCH_ROUNDS / 2];
	r->min = v[0];
	r->max = v[BENCH_ROUNDS - 1];
	return r;
}

/* One table row: label, median and unit, [min..max], and a remark. */
static void print_row(const char *label, const struct bench_result *r, u64 scale,
		      int decimals, const char *unit, const char *remark)
{
	char med[24], lo[24], hi[24];

	fmt_fixed(med, sizeof(med), r->median, scale, decimals);
	fmt_fixed(lo, sizeof(lo), r->min, scale, decimals);
	fmt_fixed(hi, sizeof(hi), r->max, scale, decimals);
	pr_raw("  %-42s %10s %-6s [%s..%s]%s\n", label, med, unit, lo, hi, remark);
}

void bench_report_time(const char *name, const char *label, u64 *v)
{
	struct bench_result *r = add_result(name, KIND_TIME, v);

	if (!r)
		return;
	if (r->median >= 100 * 1000 * 1000)	/* 100 us and more: show us */
		print_row(label, r, 1000 * 1000, 1, "us", "");
	else
		print_row(label, r, 1000, 1, "ns", "");
}

void bench_report_rate(const char *name, const char *label, u64 *v)
{
	struct bench_result *r = add_result(name, KIND_RATE, v);

	if (r)
		print_row(label, r, 1000, 3, "Mops/s", "");
}

/* Throughput in MB/s (10^6 bytes per second, as ubench's). */
void bench_report_bw(const char *name, const char *label, u64 *v)
{
	struct bench_result *r = add_result(name, KIND_BW, v);

	if (r)
		print_row(label, r, 1000, 1, "MB/s", "");
}

void bench_report_ratio(const char *name, const char *label, u64 *v, u64 target)
{
	struct bench_result *r = add_result(name, KIND_RATIO, v);
	char remark[48], goal[16];

	if (!r)
		return;
	r->target = target;
	fmt_fixed(goal, sizeof(goal), target, 1000, 1);
	snprintf(remark, sizeof(remark), "  target >= %s: %s", goal,
		 r->median >= target ? "met" : "MISSED");
	print_row(label, r, 1000, 2, "x", remark);
}

/* A ratio measured for information, with no target to meet. */
void bench_report_factor(const char *name, const char *label, u64 *v)
{
	struct bench_result *r = add_result(name, KIND_FACTOR, v);

	if (r)
		print_row(label, r, 1000, 2, "x", "");
}

/* A single figure (mem_init): median, minimum and maximum are the same. */
void bench_report_ms(const char *name, const char *label, u64 ms_milli)
{
	u64 v[BENCH_ROUNDS];
	struct bench_result *r;

	for (int i = 0; i < BENCH_ROUNDS; i++)
		v[i] = ms_milli;
	r = add_result(name, KIND_MS, v);
	if (r)
		print_row(label, r, 1000, 3, "ms", "");
}

void bench_report_error(const char *label, int err)
{
	pr_raw("  %-42s failed: %s (%d)\n", label,
	       err == -ENOMEM ? "out of memory" : "error", err);
}

void bench_report_note(const char *label, const char *text)
{
	if (*text)
		pr_raw("  %-42s %s\n", label, text);
	else
		pr_raw("  %s\n", label);
}

void bench_print_machine_lines(void)
{
	for (int i = 0; i < nr_results; i++) {
		const struct bench_result *r = &results[i];
		char med[24], lo[24], hi[24], goal[16];

		fmt_fixed(med, sizeof(med), r->median, 1000, 3);
		fmt_fixed(lo, sizeof(lo), r->min, 1000, 3);
		fmt_fixed(hi, sizeof(hi), r->max, 1000, 3);
		if (r->kind == KIND_RATIO) {
			fmt_fixed(goal, sizeof(goal), r->target, 1000, 1);
			pr_raw("BENCH_RATIO %s %s %s %s %s\n", r->name, med, lo, hi, goal);
		} else {
			pr_raw("BENCH %s %s %s %s %s\n", r->name, med, lo, hi,
			       machine_unit[r->kind]);
		}
	}
}
