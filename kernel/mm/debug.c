/*
 * Reporting allocator misuse and failures (Linux: mm/debug.c dump_page
 * and the GFP flag names, mm/page_alloc.c bad_page and warn_alloc,
 * mm/show_mem.c show_free_areas).
 */
#include "mm/internal.h"
#include "mm/mm.h"
#include "sched.h"
#include "printk.h"
#include "panic.h"
#include "string.h"

unsigned long bad_page_count;

static const struct { unsigned int mask; const char *name; } gfp_names[] = {
	{ GFP_HIGHUSER_MOVABLE, "GFP_HIGHUSER_MOVABLE" },
	{ GFP_HIGHUSER, "GFP_HIGHUSER" },
	{ GFP_USER, "GFP_USER" },
	{ GFP_KERNEL, "GFP_KERNEL" },
	{ GFP_NOFS, "GFP_NOFS" },
	{ GFP_ATOMIC, "GFP_ATOMIC" },
	{ GFP_NOIO, "GFP_NOIO" },
	{ GFP_NOWAIT, "GFP_NOWAIT" },
	{ __GFP_DMA, "__GFP_DMA" },
	{ __GFP_HIGHMEM, "__GFP_HIGHMEM" },
	{ __GFP_DMA32, "__GFP_DMA32" },
	{ __GFP_MOVABLE, "__GFP_MOVABLE" },
	{ __GFP_RECLAIMABLE, "__GFP_RECLAIMABLE" },
	{ __GFP_HIGH, "__GFP_HIGH" },
	{ __GFP_IO, "__GFP_IO" },
	{ __GFP_FS, "__GFP_FS" },
	{ __GFP_ZERO, "__GFP_ZERO" },
	{ __GFP_DIRECT_RECLAIM, "__GFP_DIRECT_RECLAIM" },
	{ __GFP_KSWAPD_RECLAIM, "__GFP_KSWAPD_RECLAIM" },
	{ __GFP_WRITE, "__GFP_WRITE" },
	{ __GFP_NOWARN, "__GFP_NOWARN" },
	{ __GFP_RETRY_MAYFAIL, "__GFP_RETRY_MAYFAIL" },
	{ __GFP_NOFAIL, "__GFP_NOFAIL" },
	{ __GFP_NORETRY, "__GFP_NORETRY" },
	{ __GFP_COMP, "__GFP_COMP" },
	{ __GFP_NOMEMALLOC, "__GFP_NOMEMALLOC" },
	{ __GFP_HARDWALL, "__GFP_HARDWALL" },
	{ __GFP_THISNODE, "__GFP_THISNODE" },
	{ __GFP_ACCOUNT, "__GFP_ACCOUNT" },
};

/* "0xcc0(GFP_KERNEL|__GFP_ZERO)": composite names first, as Linux prints. */
int format_gfp_flags(char *buf, size_t size, gfp_t gfp)
{
	unsigned int left = gfp;
	int n = snprintf(buf, size, "%#x(", gfp);
	bool first = true;

	for (unsigned i = 0; i < ARRAY_SIZE(gfp_names) && left; i++) {
		if ((left & gfp_names[i].mask) != gfp_names[i].mask)
			continue;
		left &= ~gfp_names[i].mask;
		n += snprintf(buf + n, n < (int)size ? size - n : 0, "%s%s",
			      first ? "" : "|", gfp_names[i].name);
		first = false;
	}
	n += snprintf(buf + n, n < (int)size ? size - n : 0, ")");
	return n;
}

static const char *const pageflag_names[__NR_PAGEFLAGS] = {
	"locked", "writeback", "referenced", "uptodate", "dirty", "lru", "head",
	"waiters", "active", "workingset", "error", "slab", "owner_priv_1",
	"arch_1", "reserved", "private", "private_2", "mappedtodisk", "reclaim",
	"swapbacked", "unevictable", "mlocked",
};

void dump_page(struct page *page, const char *reason)
{
	char flags[256];
	int n = 0;

	flags[0] = '\0';
	for (int i = 0; i < __NR_PAGEFLAGS; i++)
		if (page->flags & (1UL << i))
			n += snprintf(flags + n, n < (int)sizeof(flags) ? sizeof(flags) - n : 0,
				      "%s%s", n ? "|" : "", pageflag_names[i]);
	pr_alert("page:%p refcount:%d mapcount:%d mapping:%p index:%#lx pfn:%#lx\n",
		 page, page_ref_count(page), PageBuddy(page) ? 0 : page_mapcount(page),
		 page->mapping, page->index, page_to_pfn(page));
	pr_alert("flags: %#lx(%s) node:%d zone:%s%s\n", page->flags & ((1UL << __NR_PAGEFLAGS) - 1),
		 flags, page_to_nid(page), zone_names[page_zonenum(page)],
		 PageBuddy(page) ? " type:buddy" : "");
	if (reason)
		pr_alert("page dumped because: %s\n", reason);
}

/*
 * A page in a state it should never be in, usually from misuse of the
 * allocator (double free, wrong order). Report it and leak the page:
 * putting it back could corrupt the free lists.
 */
/* The running task's name, as Linux's reports give it ("swapper/N" when idle or at boot). */
static const char *current_comm(void)
{
	static char boot[NR_CPUS][TASK_COMM_LEN];
	int cpu = smp_processor_id();

	if (current)
		return current->comm;
	snprintf(boot[cpu], TASK_COMM_LEN, "swapper/%d", cpu);
	return boot[cpu];
}

void bad_page(struct page *page, const char *reason)
{
	bad_page_count++;
	pr_alert("BUG: Bad page state in process %s  pfn:%05lx\n",
		 current_comm(), page_to_pfn(page));
	dump_page(page, reason);
	dump_stack();
}

void show_free_areas(void)
{
	struct zone *zone;

	for_each_populated_zone(zone) {
		char line[512];
		int n = 0;
		unsigned long total = 0;

		pr_warn("Node %d %s free:%lukB min:%lukB low:%lukB high:%lukB managed:%lukB\n",
			zone->node, zone->name, zone_page_state(zone, NR_FREE_PAGES) << 2,
			min_wmark_pages(zone) << 2, low_wmark_pages(zone) << 2,
			high_wmark_pages(zone) << 2, zone_managed_pages(zone) << 2);
		n += snprintf(line, sizeof(line), "Node %d %s: ", zone->node, zone->name);
		for (int o = 0; o < NR_PAGE_ORDERS; o++) {
			unsigned long nr = zone->free_area[o].nr_free;

			total += nr << o;
			n += snprintf(line + n, n < (int)sizeof(line) ? sizeof(line) - n : 0,
				      "%lu*%lukB ", nr, 4UL << o);
		}
		snprintf(line + n, n < (int)sizeof(line) ? sizeof(line) - n : 0, "= %lukB\n", total << 2);
		pr_warn("%s", line);
	}
}

void warn_alloc(gfp_t gfp, unsigned int order, const char *msg)
{
	char mode[256];

	format_gfp_flags(mode, sizeof(mode), gfp);
	pr_warn("%s: %s: order:%u, mode:%s, nodemask=(null)\n",
		current_comm(), msg, order, mode);
	dump_stack();
	show_free_areas();
}
