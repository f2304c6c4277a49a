/*
 * NUMA nodes from the device tree (Linux: drivers/base/arch_numa.c and
 * drivers/of/of_numa.c). Memory and CPUs carry numa-node-id; the
 * distance-map gives distances (10 local, 20 remote by default).
 * numa=off folds everything into node 0.
 */
#include "mm/mmzone.h"
#include "devicetree.h"
#include "init.h"
#include "printk.h"
#include "string.h"
#include "errno.h"

int numa_cpu_node[NR_CPUS];
static bool numa_off;

void numa_init(void)
{
	nr_online_nodes = numa_off ? 1 : max(boot_dt.nr_nodes, 1);
	for (int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		int nid = numa_off ? 0 : boot_dt.cpu_nid[cpu];

		numa_cpu_node[cpu] = nid < nr_online_nodes ? nid : 0;
	}
	if (numa_off) {
		for (int i = 0; i < MAX_NUMNODES; i++)
			for (int j = 0; j < MAX_NUMNODES; j++)
				boot_dt.distance[i][j] = i == j ? 10 : 20;
		pr_info("NUMA: disabled by numa=off, faking a node\n");
		return;
	}
	if (nr_online_nodes == 1)
		return;
	pr_info("NUMA: %d nodes\n", nr_online_nodes);
	for (int i = 0; i < nr_online_nodes; i++) {
		char line[64];
		int n = snprintf(line, sizeof(line), "NUMA: distance node %d:", i);

		for (int j = 0; j < nr_online_nodes; j++)
			n += snprintf(line + n, sizeof(line) - n, " %3d", boot_dt.distance[i][j]);
		pr_info("%s\n", line);
	}
}

static int early_numa(char *p)
{
	if (strcmp(p, "off"))
		return -EINVAL;
	numa_off = true;
	return 0;
}
early_param("numa", early_numa);
