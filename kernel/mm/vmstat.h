/*
 * Event counters (Linux: include/linux/vm_event_item.h, vmstat.h). Each
 * CPU counts into its own array, so counting never contends; readers sum.
 * Zone and node page counts live in zone->vm_stat / pgdat->vm_stat.
 */
#ifndef _MM_VMSTAT_H
#define _MM_VMSTAT_H

#include "smp.h"
#include "mm/mmzone.h"

enum vm_event_item {
	PGALLOC_DMA32,		/* pgalloc_<zone>: pages allocated, by zone */
	PGALLOC_NORMAL,
	PGALLOC_MOVABLE,
	PGFREE,			/* pages freed */
	PGALLOC_FALLBACK,	/* Pagoda: allocations satisfied by fallback */
	PAGE_ALLOC_FAIL,	/* Pagoda: failed allocations */
	PGFAULT,		/* page faults taken by user tasks (counted by the fault handler) */
	PGMAJFAULT,		/* those that waited for I/O */
	PGACTIVATE,		/* pages moved to an active LRU list */
	PGDEACTIVATE,		/* pages moved to an inactive LRU list */
	PGPGIN,			/* kB read from block devices */
	PGPGOUT,		/* kB written to block devices */
	PGREFILL,		/* active pages looked at for deactivation */
	PGSTEAL_KSWAPD,		/* inactive pages freed by kswapd */
	PGSTEAL_DIRECT,		/* ... by direct reclaim */
	PGSCAN_KSWAPD,		/* inactive pages looked at by kswapd */
	PGSCAN_DIRECT,		/* ... by direct reclaim */
	PGSCAN_ANON,		/* scanned and freed, by type, both reclaimers */
	PGSCAN_FILE,
	PGSTEAL_ANON,
	PGSTEAL_FILE,
	PAGEOUTRUN,		/* kswapd wake-ups: balance_pgdat runs */
	PGROTATED,		/* written pages moved to the inactive tail */
	ALLOCSTALL,		/* allocations that had to reclaim */
	OOM_KILL,		/* processes the OOM killer killed */
	PSWPIN,			/* pages read from swap */
	PSWPOUT,		/* pages written to swap */
	/*
	 * TLB flushes done through mm/tlbflush.c and mm/context.c (Linux
	 * counts these under CONFIG_DEBUG_TLBFLUSH). A remote flush is one
	 * request, however many harts it goes to; each of those harts
	 * counts as one received. The firmware does the flush on the other
	 * hart (SBI RFENCE), so the sender counts "received" for it.
	 */
	NR_TLB_REMOTE_FLUSH,
	NR_TLB_REMOTE_FLUSH_RECEIVED,
	NR_TLB_LOCAL_FLUSH_ALL,	/* this hart: a whole ASID, or everything */
	NR_TLB_LOCAL_FLUSH_ONE,	/* this hart: one page */
	NR_VM_EVENT_ITEMS
};

extern unsigned long vm_event_states[NR_CPUS][NR_VM_EVENT_ITEMS];
extern const char *const vm_event_names[NR_VM_EVENT_ITEMS];

static inline void count_vm_events(enum vm_event_item item, long delta)
{
	/* An atomic add, so an interrupt on this CPU cannot lose a count (Linux: this_cpu_add). */
	__atomic_fetch_add(&vm_event_states[smp_processor_id()][item], delta, __ATOMIC_RELAXED);
}

static inline void count_vm_event(enum vm_event_item item)
{
	count_vm_events(item, 1);
}

#define count_vm_tlb_event(item) count_vm_event(item)
#define count_vm_tlb_events(item, delta) count_vm_events(item, delta)

unsigned long sum_vm_event(enum vm_event_item item);
unsigned long global_zone_page_state(enum zone_stat_item item);
unsigned long global_node_page_state(enum node_stat_item item);

#endif
