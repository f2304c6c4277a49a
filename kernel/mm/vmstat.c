/*
 * Summing the counters (Linux: mm/vmstat.c, which also prints
 * /proc/vmstat and /proc/zoneinfo; those arrive with procfs).
 */
#include "mm/vmstat.h"

unsigned long vm_event_states[NR_CPUS][NR_VM_EVENT_ITEMS];

const char *const vm_event_names[NR_VM_EVENT_ITEMS] = {
	"pgalloc_dma32", "pgalloc_normal", "pgalloc_movable", "pgfree",
	"pgalloc_fallback", "page_alloc_fail",
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
