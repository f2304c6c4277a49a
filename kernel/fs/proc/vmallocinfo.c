/*
 * /proc/vmallocinfo (Linux: mm/vmalloc.c, s_show): every area of the
 * vmalloc region, in address order: its range, size (guard page
 * included), the function that asked for it, its pages or physical
 * address, and what kind of mapping it is.
 */
#include "fs/proc/internal.h"
#include "mm/vmalloc.h"
#include "mm/mm.h"
#include "init.h"
#include "errno.h"

/* "N0=3 N1=1": where the pages of a vmalloc() area came from. */
static void show_numa_info(struct seq_file *m, const struct vm_struct *v)
{
	unsigned int counts[MAX_NUMNODES] = { 0 };

	for (unsigned int i = 0; i < v->nr_pages; i++)
		counts[page_to_nid(v->pages[i])]++;
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		if (counts[nid])
			seq_printf(m, " N%d=%u", nid, counts[nid]);
}

static void vmallocinfo_area(const struct vm_struct *v, void *arg)
{
	struct seq_file *m = arg;
	unsigned long start = (unsigned long)v->addr;

	seq_printf(m, "0x%016lx-0x%016lx %7lu", start, start + v->size, v->size);
	if (v->caller)
		seq_printf(m, " %pS", v->caller);
	if (v->nr_pages)
		seq_printf(m, " pages=%u", v->nr_pages);
	if (v->phys_addr)
		seq_printf(m, " phys=0x%016lx", (unsigned long)v->phys_addr);
	if (v->flags & VM_IOREMAP)
		seq_puts(m, " ioremap");
	if (v->flags & VM_ALLOC)
		seq_puts(m, " vmalloc");
	if (v->flags & VM_MAP)
		seq_puts(m, " vmap");
	if (v->pages && v->flags & VM_ALLOC)
		show_numa_info(m, v);
	seq_putc(m, '\n');
}

static int vmallocinfo_show(struct seq_file *m, void *v)
{
	(void)v;
	vmalloc_for_each_area(vmallocinfo_area, m);
	return 0;
}

static int proc_vmallocinfo_init(void)
{
	return proc_create_single("vmallocinfo", 0400, NULL, vmallocinfo_show) ? 0 : -ENOMEM;
}
fs_initcall(proc_vmallocinfo_init);
