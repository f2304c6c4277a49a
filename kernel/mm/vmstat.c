/*
 * Summing the counters, and the /proc files that print them (Linux:
 * mm/vmstat.c): /proc/vmstat, /proc/zoneinfo, /proc/buddyinfo and
 * /proc/pagetypeinfo, in Linux's formats.
 */
#include "mm/vmstat.h"
#include "mm/internal.h"
#include "fs/proc_fs.h"
#include "fs/seq_file.h"
#include "errno.h"
#include "init.h"

unsigned long vm_event_states[NR_CPUS][NR_VM_EVENT_ITEMS];

const char *const vm_event_names[NR_VM_EVENT_ITEMS] = {
	"pgalloc_dma32", "pgalloc_normal", "pgalloc_movable", "pgfree",
	"pgalloc_fallback", "page_alloc_fail", "pgfault", "pgmajfault",
	"pgactivate", "pgdeactivate", "pgpgin", "pgpgout",
	"pgrefill", "pgsteal_kswapd", "pgsteal_direct", "pgscan_kswapd", "pgscan_direct",
	"pgscan_anon", "pgscan_file", "pgsteal_anon", "pgsteal_file", "pageoutrun", "pgrotated",
	"allocstall", "oom_kill",
	"pswpin", "pswpout",
	"nr_tlb_remote_flush", "nr_tlb_remote_flush_received",
	"nr_tlb_local_flush_all", "nr_tlb_local_flush_one",
};

unsigned long sum_vm_event(enum vm_event_item item)
{
	unsigned long sum = 0;

	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		sum += READ_ONCE(vm_event_states[cpu][item]);
	return sum;
}

unsigned long global_zone_page_state(enum zone_stat_item item)
{
	unsigned long sum = 0;
	struct zone *zone;

	for_each_populated_zone(zone)
		sum += zone_page_state(zone, item);
	return sum;
}

unsigned long global_node_page_state(enum node_stat_item item)
{
	unsigned long sum = 0;
	int nid;

	for_each_online_node(nid)
		sum += atomic_long_read(&NODE_DATA(nid)->vm_stat[item]);
	return sum;
}

/* ---- /proc files ------------------------------------------------------------ */

/* Names in enum order, as /proc/vmstat and /proc/zoneinfo print them. */
static const char *const zone_stat_names[NR_VM_ZONE_STAT_ITEMS] = {
	"nr_free_pages", "nr_zone_inactive_anon", "nr_zone_active_anon",
	"nr_zone_inactive_file", "nr_zone_active_file", "nr_zone_unevictable",
	"nr_zone_write_pending", "nr_mlock", "nr_free_highatomic",
};

static const char *const node_stat_names[NR_VM_NODE_STAT_ITEMS] = {
	"nr_inactive_anon", "nr_active_anon", "nr_inactive_file", "nr_active_file",
	"nr_unevictable",
	"nr_slab_reclaimable", "nr_slab_unreclaimable", "nr_page_table_pages",
	"nr_kernel_stack", "nr_vmalloc",
	"nr_anon_pages", "nr_mapped", "nr_file_pages", "nr_dirty", "nr_writeback",
	"nr_shmem", "nr_swapcached", "nr_dirtied", "nr_written",
};

/* Node counters in the unit Linux prints: pages, except kernel stacks in kB. */
static unsigned long node_stat_value(long v, enum node_stat_item item)
{
	if (v < 0)
		return 0;
	/* Pagoda's slab counters are in bytes (the _B); Linux prints pages. */
	if (item == NR_SLAB_RECLAIMABLE_B || item == NR_SLAB_UNRECLAIMABLE_B)
		return v >> PAGE_SHIFT;
	return v;
}

static int vmstat_show(struct seq_file *m, void *v)
{
	(void)v;
	for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		seq_printf(m, "%s %lu\n", zone_stat_names[i], global_zone_page_state(i));
	for (int i = 0; i < NR_VM_NODE_STAT_ITEMS; i++)
		seq_printf(m, "%s %lu\n", node_stat_names[i],
			   node_stat_value(global_node_page_state(i), i));
	for (int i = 0; i < NR_VM_EVENT_ITEMS; i++)
		seq_printf(m, "%s %lu\n", vm_event_names[i], sum_vm_event(i));
	return 0;
}

/* Calls print(m, pgdat, zone) for each zone of each node, populated ones only if asked. */
static void walk_zones(struct seq_file *m, bool populated_only,
		       void (*print)(struct seq_file *, pg_data_t *, struct zone *))
{
	int nid;

	for_each_online_node(nid) {
		pg_data_t *pgdat = NODE_DATA(nid);

		for (int i = 0; i < MAX_NR_ZONES; i++)
			if (!populated_only || populated_zone(&pgdat->node_zones[i]))
				print(m, pgdat, &pgdat->node_zones[i]);
	}
}

/* One line per zone: free blocks of each order (Linux: frag_show_print). */
static void buddyinfo_print(struct seq_file *m, pg_data_t *pgdat, struct zone *zone)
{
	unsigned long nr_free[NR_PAGE_ORDERS], flags;

	spin_lock_irqsave(&zone->lock, flags);
	for (int order = 0; order < NR_PAGE_ORDERS; order++)
		nr_free[order] = zone->free_area[order].nr_free;
	spin_unlock_irqrestore(&zone->lock, flags);
	seq_printf(m, "Node %d, zone %8s ", pgdat->node_id, zone->name);
	for (int order = 0; order < NR_PAGE_ORDERS; order++)
		seq_printf(m, "%6lu ", nr_free[order]);
	seq_putc(m, '\n');
}

static int buddyinfo_show(struct seq_file *m, void *v)
{
	(void)v;
	walk_zones(m, true, buddyinfo_print);
	return 0;
}

/* Free blocks by migratetype and order; a list is counted to 100000 at most, as in Linux. */
static void pagetypeinfo_free_print(struct seq_file *m, pg_data_t *pgdat, struct zone *zone)
{
	for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
		seq_printf(m, "Node %4d, zone %8s, type %12s ", pgdat->node_id, zone->name,
			   migratetype_names[mt]);
		for (int order = 0; order < NR_PAGE_ORDERS; order++) {
			unsigned long n = 0, flags;
			bool overflow = false;
			struct list_head *pos, *head = &zone->free_area[order].free_list[mt];

			spin_lock_irqsave(&zone->lock, flags);
			list_for_each(pos, head) {
				if (++n >= 100000) {
					overflow = true;
					break;
				}
			}
			spin_unlock_irqrestore(&zone->lock, flags);
			seq_printf(m, "%s%6lu ", overflow ? ">" : "", n);
		}
		seq_putc(m, '\n');
	}
}

/* Pageblocks of each migratetype; blocks in holes or another zone are skipped. */
static void pagetypeinfo_blocks_print(struct seq_file *m, pg_data_t *pgdat, struct zone *zone)
{
	unsigned long count[MIGRATE_TYPES] = { 0 };
	unsigned long pfn = zone->zone_start_pfn, end = zone_end_pfn(zone);

	for (; pfn < end; pfn = ALIGN_DOWN(pfn, pageblock_nr_pages) + pageblock_nr_pages) {
		int mt;

		if (!pfn_valid(pfn) || page_zone(pfn_to_page(pfn)) != zone)
			continue;
		mt = READ_ONCE(zone->pageblock_flags[pageblock_index(zone, pfn)]);
		if (mt >= 0 && mt < MIGRATE_TYPES)
			count[mt]++;
	}
	seq_printf(m, "Node %d, zone %8s ", pgdat->node_id, zone->name);
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		seq_printf(m, "%12lu ", count[mt]);
	seq_putc(m, '\n');
}

static int pagetypeinfo_show(struct seq_file *m, void *v)
{
	(void)v;
	seq_printf(m, "Page block order: %d\n", pageblock_order);
	seq_printf(m, "Pages per block:  %lu\n", pageblock_nr_pages);
	seq_putc(m, '\n');
	seq_printf(m, "%-43s ", "Free pages count per migrate type at order");
	for (int order = 0; order < NR_PAGE_ORDERS; order++)
		seq_printf(m, "%6d ", order);
	seq_putc(m, '\n');
	walk_zones(m, true, pagetypeinfo_free_print);
	seq_printf(m, "\n%-23s", "Number of blocks type ");
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		seq_printf(m, "%12s ", migratetype_names[mt]);
	seq_putc(m, '\n');
	walk_zones(m, true, pagetypeinfo_blocks_print);
	return 0;
}

/* The node's counters print once, with its first populated zone. */
static bool is_zone_first_populated(pg_data_t *pgdat, struct zone *zone)
{
	for (int i = 0; i < MAX_NR_ZONES; i++)
		if (populated_zone(&pgdat->node_zones[i]))
			return zone == &pgdat->node_zones[i];
	return false;
}

static void zoneinfo_pagesets_print(struct seq_file *m, struct zone *zone)
{
	seq_puts(m, "\n  pagesets");
	for (int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

		seq_printf(m, "\n    cpu: %i\n              count: %i\n              high:  %i"
			   "\n              batch: %i", cpu, READ_ONCE(pcp->count),
			   READ_ONCE(pcp->high), READ_ONCE(pcp->batch));
	}
}

/* Linux: zoneinfo_show_print. Pagoda has no per-CPU counter deltas, so no "vm stats threshold". */
static void zoneinfo_print(struct seq_file *m, pg_data_t *pgdat, struct zone *zone)
{
	seq_printf(m, "Node %d, zone %8s", pgdat->node_id, zone->name);
	if (is_zone_first_populated(pgdat, zone)) {
		seq_puts(m, "\n  per-node stats");
		for (int i = 0; i < NR_VM_NODE_STAT_ITEMS; i++)
			seq_printf(m, "\n      %-12s %lu", node_stat_names[i],
				   node_stat_value(atomic_long_read(&pgdat->vm_stat[i]), i));
	}
	seq_printf(m, "\n  pages free     %lu\n        boost    %lu\n        min      %lu"
		   "\n        low      %lu\n        high     %lu\n        promo    %lu"
		   "\n        spanned  %lu\n        present  %lu\n        managed  %lu"
		   "\n        cma      %lu",
		   zone_page_state(zone, NR_FREE_PAGES), zone->watermark_boost,
		   min_wmark_pages(zone), low_wmark_pages(zone), high_wmark_pages(zone),
		   wmark_pages(zone, WMARK_PROMO), zone->spanned_pages, zone->present_pages,
		   zone_managed_pages(zone), 0UL);
	seq_printf(m, "\n        protection: (%ld", zone->lowmem_reserve[0]);
	for (int i = 1; i < MAX_NR_ZONES; i++)
		seq_printf(m, ", %ld", zone->lowmem_reserve[i]);
	seq_putc(m, ')');
	if (!populated_zone(zone)) {
		seq_putc(m, '\n');
		return;
	}
	for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		seq_printf(m, "\n      %-12s %lu", zone_stat_names[i], zone_page_state(zone, i));
	zoneinfo_pagesets_print(m, zone);
	seq_printf(m, "\n  node_unreclaimable:  %u\n  start_pfn:           %lu\n",
		   0U, zone->zone_start_pfn);
}

/* Every zone, populated or not: lowmem_reserve_ratio is about all of them (as Linux says). */
static int zoneinfo_show(struct seq_file *m, void *v)
{
	(void)v;
	walk_zones(m, false, zoneinfo_print);
	return 0;
}

static int vmstat_proc_init(void)
{
	if (!proc_create_single("vmstat", 0444, NULL, vmstat_show) ||
	    !proc_create_single("zoneinfo", 0444, NULL, zoneinfo_show) ||
	    !proc_create_single("buddyinfo", 0444, NULL, buddyinfo_show) ||
	    !proc_create_single("pagetypeinfo", 0400, NULL, pagetypeinfo_show))
		return -ENOMEM;
	return 0;
}
fs_initcall(vmstat_proc_init);
