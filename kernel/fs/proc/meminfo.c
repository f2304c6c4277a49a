/*
 * /proc/meminfo (Linux: fs/proc/meminfo.c, si_mem_available in
 * mm/show_mem.c): the machine's memory in kB, one "Name:   value kB"
 * line each, names and order as in Linux. Committed_AS (commit
 * accounting) prints 0: Pagoda does not track it.
 */
#include "fs/proc/internal.h"
#include "mm/internal.h"
#include "mm/vmstat.h"
#include "mm/vmalloc.h"
#include "init.h"
#include "mm/swap.h"
#include "fs/buffer_head.h"
#include "errno.h"

/* Linux's sysctl vm.overcommit_ratio default: CommitLimit counts half of RAM. */
#define OVERCOMMIT_RATIO 50

/* The name and colon fill 16 columns, the number 8 more (Linux: show_val_kb). */
static void show_val_kb(struct seq_file *m, const char *name, unsigned long pages)
{
	seq_printf(m, "%-16s%8lu kB\n", name, pages << (PAGE_SHIFT - 10));
}

static unsigned long sum_low_wmarks(void)
{
	unsigned long low = 0;
	struct zone *zone;

	for_each_populated_zone(zone)
		low += low_wmark_pages(zone);
	return low;
}

static unsigned long totalreserve_pages(void)
{
	unsigned long n = 0;
	int nid;

	for_each_online_node(nid)
		n += NODE_DATA(nid)->totalreserve_pages;
	return n;
}

/*
 * How much could be allocated without swapping (Linux: si_mem_available):
 * free pages above the reserves, plus the half of the page cache and of
 * reclaimable slab that reclaim could give back without thrashing.
 */
unsigned long si_mem_available(void)
{
	unsigned long wmark_low = sum_low_wmarks(), pagecache, reclaimable;
	long available;

	available = global_zone_page_state(NR_FREE_PAGES) - totalreserve_pages();
	pagecache = global_zone_page_state(NR_ZONE_ACTIVE_FILE) +
		    global_zone_page_state(NR_ZONE_INACTIVE_FILE);
	pagecache -= min(pagecache / 2, wmark_low);
	available += pagecache;
	reclaimable = global_node_page_state(NR_SLAB_RECLAIMABLE_B) >> PAGE_SHIFT;
	reclaimable -= min(reclaimable / 2, wmark_low);
	available += reclaimable;
	return available < 0 ? 0 : available;
}

static int meminfo_proc_show(struct seq_file *m, void *v)
{
	unsigned long free = global_zone_page_state(NR_FREE_PAGES);
	unsigned long act_anon = global_zone_page_state(NR_ZONE_ACTIVE_ANON);
	unsigned long inact_anon = global_zone_page_state(NR_ZONE_INACTIVE_ANON);
	unsigned long act_file = global_zone_page_state(NR_ZONE_ACTIVE_FILE);
	unsigned long inact_file = global_zone_page_state(NR_ZONE_INACTIVE_FILE);
	unsigned long sreclaimable = global_node_page_state(NR_SLAB_RECLAIMABLE_B) >> PAGE_SHIFT;
	unsigned long sunreclaim = global_node_page_state(NR_SLAB_UNRECLAIMABLE_B) >> PAGE_SHIFT;

	unsigned long swap_total, swap_free;

	(void)v;
	si_swapinfo(&swap_total, &swap_free);
	show_val_kb(m, "MemTotal:", totalram_pages());
	show_val_kb(m, "MemFree:", free);
	show_val_kb(m, "MemAvailable:", si_mem_available());
	/* Buffers: the buffer cache's blocks; Cached: the page cache, shmem included. */
	show_val_kb(m, "Buffers:", nr_blockdev_pages());
	show_val_kb(m, "Cached:", global_node_page_state(NR_FILE_PAGES));
	show_val_kb(m, "SwapCached:", global_node_page_state(NR_SWAPCACHE));
	show_val_kb(m, "Active:", act_anon + act_file);
	show_val_kb(m, "Inactive:", inact_anon + inact_file);
	show_val_kb(m, "Active(anon):", act_anon);
	show_val_kb(m, "Inactive(anon):", inact_anon);
	show_val_kb(m, "Active(file):", act_file);
	show_val_kb(m, "Inactive(file):", inact_file);
	show_val_kb(m, "Unevictable:", global_zone_page_state(NR_ZONE_UNEVICTABLE));
	show_val_kb(m, "Mlocked:", global_zone_page_state(NR_MLOCK));
	show_val_kb(m, "SwapTotal:", swap_total);
	show_val_kb(m, "SwapFree:", swap_free);
	show_val_kb(m, "Dirty:", global_node_page_state(NR_FILE_DIRTY));
	show_val_kb(m, "Writeback:", global_node_page_state(NR_WRITEBACK));
	show_val_kb(m, "AnonPages:", global_node_page_state(NR_ANON_MAPPED));
	show_val_kb(m, "Mapped:", global_node_page_state(NR_FILE_MAPPED));
	show_val_kb(m, "Shmem:", global_node_page_state(NR_SHMEM));
	/* Linux adds other reclaimable kernel memory (NR_KERNEL_MISC_RECLAIMABLE). */
	show_val_kb(m, "KReclaimable:", sreclaimable);
	show_val_kb(m, "Slab:", sreclaimable + sunreclaim);
	show_val_kb(m, "SReclaimable:", sreclaimable);
	show_val_kb(m, "SUnreclaim:", sunreclaim);
	seq_printf(m, "%-16s%8lu kB\n", "KernelStack:", global_node_page_state(NR_KERNEL_STACK_KB));
	show_val_kb(m, "PageTables:", global_node_page_state(NR_PAGETABLE));
	show_val_kb(m, "CommitLimit:", totalram_pages() * OVERCOMMIT_RATIO / 100 + swap_total);
	show_val_kb(m, "Committed_AS:", 0);
	seq_printf(m, "%-16s%8lu kB\n", "VmallocTotal:", (VMALLOC_END - VMALLOC_START) >> 10);
	show_val_kb(m, "VmallocUsed:", vmalloc_nr_pages());
	show_val_kb(m, "VmallocChunk:", 0);	/* Linux too has printed 0 since 4.x */
	return 0;
}

static int proc_meminfo_init(void)
{
	return proc_create_single("meminfo", 0444, NULL, meminfo_proc_show) ? 0 : -ENOMEM;
}
fs_initcall(proc_meminfo_init);
