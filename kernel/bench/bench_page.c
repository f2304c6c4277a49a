/*
 * Benchmarks of the buddy allocator (kernel/mm/page_alloc.c): what the
 * per-CPU page lists save on order-0 pages, and the cost of
 * alloc_pages()+__free_pages() at every order.
 */
#include "bench/bench_internal.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "printk.h"
#include "errno.h"

/* ---- order-0 pages without the per-CPU lists ----------------------------- */

/*
 * The zone path that the per-CPU lists exist to avoid: each order-0 page
 * taken from and given back to the zone's free lists under zone->lock,
 * as rmqueue() and free_one_page() do for a page that does not go
 * through the per-CPU lists. When the order-0 list is empty, taking a
 * page splits a larger block (expand) and giving it back merges it
 * again (__free_one_page).
 *
 * We take from the MIGRATE_MOVABLE lists, which the boot fills, so that
 * __rmqueue_smallest() always finds a page without the fallback path.
 * Of prep_new_page() only the reference count matters here; the checks
 * of check_new_page() and free_pages_prepare() are left out, so this
 * path is, if anything, cheaper than the real one.
 */
struct page *bench_zone_alloc_page(struct zone *zone)
{
	struct page *page;
	unsigned long flags;

	spin_lock_irqsave(&zone->lock, flags);
	page = __rmqueue_smallest(zone, 0, MIGRATE_MOVABLE);
	spin_unlock_irqrestore(&zone->lock, flags);
	if (page)
		set_page_count(page, 1);
	return page;
}

void bench_zone_free_page(struct zone *zone, struct page *page)
{
	int mt = get_pageblock_migratetype(page);	/* as free_the_page() */
	unsigned long flags;

	set_page_count(page, 0);
	spin_lock_irqsave(&zone->lock, flags);
	__free_one_page(page, page_to_pfn(page), zone, 0, mt);
	spin_unlock_irqrestore(&zone->lock, flags);
}

static int zone_pages(void *arg, unsigned long n)
{
	struct zone *zone = arg;

	for (unsigned long i = 0; i < n; i++) {
		struct page *page = bench_zone_alloc_page(zone);

		if (!page)
			return -ENOMEM;
		bench_zone_free_page(zone, page);
	}
	return 0;
}

/*
 * The same alloc_pages()/__free_pages() calls with the zone's per-CPU
 * lists disabled (zone_pcp_disable): every check the real path makes,
 * plus the zone lock and buddy work that the lists avoid.
 */
static int nopcp_pages(void *arg, unsigned long n)
{
	struct zone *zone = arg;
	int err = 0;

	zone_pcp_disable(zone);
	for (unsigned long i = 0; i < n && !err; i++) {
		struct page *page = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0);

		if (!page)
			err = -ENOMEM;
		else
			__free_pages(page, 0);
	}
	zone_pcp_enable(zone);
	return err;
}

/* ---- alloc_pages() at any order ------------------------------------------ */

static int alloc_free_pages(void *arg, unsigned long n)
{
	unsigned int order = (unsigned long)arg;

	for (unsigned long i = 0; i < n; i++) {
		struct page *page = alloc_pages(GFP_KERNEL | __GFP_NOWARN, order);

		if (!page)
			return -ENOMEM;
		__free_pages(page, order);
	}
	return 0;
}

struct zone *bench_gfp_kernel_zone(void)
{
	struct page *page = alloc_page(GFP_KERNEL);
	struct zone *zone;

	if (!page)
		return NULL;
	zone = page_zone(page);
	__free_page(page);
	return zone;
}

/* ---- the benchmarks ------------------------------------------------------ */

void bench_pcp_vs_buddy(void)
{
	struct bench_op pcp = { alloc_free_pages, (void *)0UL, 0 };
	struct bench_op zone = { zone_pages, NULL, 0 };
	u64 tp[BENCH_ROUNDS], tz[BENCH_ROUNDS], ratio[BENCH_ROUNDS];
	int err;

	zone.arg = bench_gfp_kernel_zone();
	if (!zone.arg) {
		bench_report_error("order-0 pages", -ENOMEM);
		return;
	}
	err = bench_rounds_pair(&pcp, &zone, tp, tz, ratio);
	if (err) {
		bench_report_error("order-0 per-CPU vs zone lists", err);
		return;
	}
	bench_report_time("pcp_page", "order-0 alloc+free, per-CPU lists", tp);
	bench_report_time("zone_page", "order-0 alloc+free, zone free lists", tz);
	bench_report_ratio("pcp_vs_buddy", "per-CPU lists speed-up", ratio, 3000);
	/* Like for like: the same calls with the zone's per-CPU lists disabled. */
	zone.fn = nopcp_pages;
	err = bench_rounds_pair(&pcp, &zone, tp, tz, ratio);
	if (err) {
		bench_report_error("order-0 per-CPU lists disabled", err);
		return;
	}
	bench_report_time("nopcp_page", "order-0 alloc_pages+free, pcp disabled", tz);
	bench_report_ratio("pcp_vs_nopcp", "per-CPU lists speed-up (same API)", ratio, 3000);
}

static void bench_one_order(unsigned int order)
{
	struct bench_op op = { alloc_free_pages, (void *)(unsigned long)order, 0 };
	u64 t[BENCH_ROUNDS];
	char name[16], label[48];
	int err;

	snprintf(name, sizeof(name), "order_%u", order);
	snprintf(label, sizeof(label), "alloc_pages+__free_pages, order %u", order);
	err = bench_rounds(&op, t);
	if (err)
		bench_report_error(label, err);
	else
		bench_report_time(name, label, t);
}

void bench_orders(void)
{
	for (unsigned int order = 0; order <= MAX_PAGE_ORDER; order++)
		bench_one_order(order);
}
