/*
 * Benchmarks of the allocators built on the page allocator: kmalloc()
 * (SLUB, kernel/mm/slub.c) against a whole page, and vmalloc()
 * (kernel/mm/vmalloc.c) of 1 MiB.
 */
#include "bench/bench_internal.h"
#include "mm/gfp.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"
#include "errno.h"

static int kmalloc_kfree(void *arg, unsigned long n)
{
	size_t size = (unsigned long)arg;

	for (unsigned long i = 0; i < n; i++) {
		void *p = kmalloc(size, GFP_KERNEL);

		if (!p)
			return -ENOMEM;
		kfree(p);
	}
	return 0;
}

static int alloc_free_page(void *arg, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		struct page *page = alloc_page(GFP_KERNEL);

		if (!page)
			return -ENOMEM;
		__free_page(page);
	}
	return 0;
}

static int vmalloc_vfree(void *arg, unsigned long n)
{
	unsigned long size = (unsigned long)arg;

	for (unsigned long i = 0; i < n; i++) {
		void *p = vmalloc(size);

		if (!p)
			return -ENOMEM;
		vfree(p);
	}
	return 0;
}

/* A 64-byte object should cost well under a page: SLUB's per-CPU slab. */
void bench_kmalloc64_vs_page(void)
{
	struct bench_op km = { kmalloc_kfree, (void *)64UL, 0 };
	struct bench_op page = { alloc_free_page, NULL, 0 };
	u64 tk[BENCH_ROUNDS], tp[BENCH_ROUNDS], ratio[BENCH_ROUNDS];
	int err = bench_rounds_pair(&km, &page, tk, tp, ratio);

	if (err) {
		bench_report_error("kmalloc(64) vs alloc_page", err);
		return;
	}
	bench_report_time("kmalloc64", "kmalloc(64)+kfree", tk);
	bench_report_time("page", "alloc_page+__free_page", tp);
	bench_report_ratio("kmalloc64_vs_page", "kmalloc(64) speed-up over a page", ratio, 2000);
}

void bench_vmalloc(void)
{
	struct bench_op op = { vmalloc_vfree, (void *)SZ_1M, 0 };
	u64 t[BENCH_ROUNDS];
	int err = bench_rounds(&op, t);

	if (err)
		bench_report_error("vmalloc+vfree 1 MiB", err);
	else
		bench_report_time("vmalloc_1m", "vmalloc+vfree 1 MiB", t);
}
