/*
 * /proc/slabinfo, format version 2.1 (Linux: mm/slab_common.c,
 * slab_show and cache_show): one line per cache with its object counts,
 * object size, objects and pages per slab. The "tunables" columns
 * belonged to the old SLAB allocator; SLUB prints zeros there, as here.
 */
#include "fs/proc/internal.h"
#include "mm/slab.h"
#include "init.h"
#include "errno.h"

static void cache_show(struct seq_file *m, struct kmem_cache *s)
{
	struct slabinfo si;

	get_slabinfo(s, &si);
	seq_printf(m, "%-17s %6lu %6lu %6u %4u %4d", s->name, si.active_objs, si.num_objs,
		   s->size, si.objects_per_slab, 1 << si.cache_order);
	seq_printf(m, " : tunables %4u %4u %4u", 0U, 0U, 0U);
	seq_printf(m, " : slabdata %6lu %6lu %6lu\n", si.active_slabs, si.num_slabs, 0UL);
}

static int slabinfo_show(struct seq_file *m, void *v)
{
	struct kmem_cache *s;

	(void)v;
	seq_puts(m, "slabinfo - version: 2.1\n");
	seq_puts(m, "# name            <active_objs> <num_objs> <objsize> <objperslab> "
		 "<pagesperslab> : tunables <limit> <batchcount> <sharedfactor> "
		 ": slabdata <active_slabs> <num_slabs> <sharedavail>\n");
	/* slab_mutex is a spinlock in Pagoda: nothing here may sleep. */
	spin_lock(&slab_mutex);
	list_for_each_entry(s, &slab_caches, list)
		cache_show(m, s);
	spin_unlock(&slab_mutex);
	return 0;
}

static int proc_slabinfo_init(void)
{
	return proc_create_single("slabinfo", 0400, NULL, slabinfo_show) ? 0 : -ENOMEM;
}
fs_initcall(proc_slabinfo_init);
