/*
 * Page-table dump (Linux: mm/ptdump.c, arch/riscv/mm/ptdump.c). Walks
 * with the common walker and merges neighbouring entries into ranges,
 * then prints them like Linux's kernel_page_tables file:
 *
 *   0xffffffff80000000-0xffffffff80016000    0x0000000080200000        88K PTE  . A G X . R V
 */
#include "mm/ptdump.h"
#include "mm/pagewalk.h"
#include "printk.h"
#include "string.h"

struct ptdump_state {
	struct ptdump_range cur;
	bool have;
	ptdump_note_fn note;
	void *priv;
};

static void flush(struct ptdump_state *st)
{
	if (st->have)
		st->note(&st->cur, st->priv);
	st->have = false;
}

static int note_leaf(unsigned long *e, unsigned long addr, unsigned long next,
		     int level, struct mm_walk *walk)
{
	struct ptdump_state *st = walk->private;
	phys_addr_t pa = PFN_PHYS(pte_pfn(*e)) + (addr & (pt_level_size(level) - 1));
	pgprot_t prot = pte_pgprot(*e);
	struct ptdump_range *c = &st->cur;

	if (st->have && c->end == addr && c->prot == prot && c->level == level &&
	    c->pa + (c->end - c->start) == pa) {
		c->end = next;
		return 0;
	}
	flush(st);
	*c = (struct ptdump_range){ addr, next, pa, prot, level };
	st->have = true;
	return 0;
}

static int pud_leaf(pud_t *e, unsigned long a, unsigned long n, struct mm_walk *w)
{
	return note_leaf(e, a, n, PT_PUD, w);
}

static int pmd_leaf(pmd_t *e, unsigned long a, unsigned long n, struct mm_walk *w)
{
	return note_leaf(e, a, n, PT_PMD, w);
}

static int pte_leaf_cb(pte_t *e, unsigned long a, unsigned long n, struct mm_walk *w)
{
	return note_leaf(e, a, n, PT_PTE, w);
}

static int hole(unsigned long a, unsigned long n, int depth, struct mm_walk *w)
{
	flush(w->private);
	return 0;
}

static const struct mm_walk_ops ptdump_ops = {
	.pud_entry = pud_leaf,
	.pmd_entry = pmd_leaf,
	.pte_entry = pte_leaf_cb,
	.pte_hole = hole,
};

void ptdump_walk_pgd(pgd_t *pgd, unsigned long start, unsigned long end,
		     ptdump_note_fn note, void *priv)
{
	struct ptdump_state st = { .have = false, .note = note, .priv = priv };

	walk_page_range(pgd, start, end, &ptdump_ops, &st);
	flush(&st);
}

void ptdump_prot_str(pgprot_t prot, char *buf)
{
	static const struct { unsigned long bit; char c; } bits[] = {
		{ _PAGE_DIRTY, 'D' }, { _PAGE_ACCESSED, 'A' }, { _PAGE_GLOBAL, 'G' },
		{ _PAGE_USER, 'U' }, { _PAGE_EXEC, 'X' }, { _PAGE_WRITE, 'W' },
		{ _PAGE_READ, 'R' }, { _PAGE_PRESENT, 'V' },
	};
	int n = 0;

	for (unsigned i = 0; i < ARRAY_SIZE(bits); i++) {
		buf[n++] = (prot & bits[i].bit) ? bits[i].c : '.';
		buf[n++] = ' ';
	}
	buf[n - 1] = '\0';
}

static const struct { unsigned long addr; const char *name; } markers[] = {
	{ FIXADDR_START, "Fixmap start" }, { FIXADDR_TOP, "Fixmap end" },
	{ VMEMMAP_START, "vmemmap start" }, { VMEMMAP_END, "vmemmap end" },
	{ VMALLOC_START, "vmalloc() area" }, { VMALLOC_END, "vmalloc() end" },
	{ PAGE_OFFSET, "Linear mapping" }, { LINEAR_MAP_END, "Linear mapping end" },
	{ MODULES_VADDR, "Modules/BPF mapping" }, { KERNEL_LINK_ADDR, "Kernel mapping" },
};

struct show_priv {
	int level;
	unsigned marker;
};

static void show_range(const struct ptdump_range *r, void *p)
{
	static const char *const lvl[] = { "PGD", "PUD", "PMD", "PTE" };
	struct show_priv *sp = p;
	unsigned long size = r->end - r->start;
	char prot[24], sz[16];

	while (sp->marker < ARRAY_SIZE(markers) && markers[sp->marker].addr <= r->start)
		printk_level(sp->level, "---[ %s ]---\n", markers[sp->marker++].name);
	if (size >= SZ_1G && !(size & (SZ_1G - 1)))
		snprintf(sz, sizeof(sz), "%luG", size >> 30);
	else if (size >= SZ_1M && !(size & (SZ_1M - 1)))
		snprintf(sz, sizeof(sz), "%luM", size >> 20);
	else
		snprintf(sz, sizeof(sz), "%luK", size >> 10);
	ptdump_prot_str(r->prot, prot);
	printk_level(sp->level, "0x%016lx-0x%016lx    0x%016lx %9s %s  %s\n",
		     r->start, r->end, r->pa, sz, lvl[r->level], prot);
}

void ptdump_show(pgd_t *pgd, int level)
{
	struct show_priv sp = { level, 0 };

	printk_level(level, "Kernel page tables (swapper_pg_dir):\n");
	ptdump_walk_pgd(pgd, FIXADDR_START, 0, show_range, &sp);
}

static void count_wx(const struct ptdump_range *r, void *p)
{
	unsigned long *n = p;

	if ((r->prot & _PAGE_WRITE) && (r->prot & _PAGE_EXEC)) {
		pr_warn("riscv/mm: Found insecure W+X mapping at address %#lx\n", r->start);
		*n += (r->end - r->start) >> PAGE_SHIFT;
	}
}

unsigned long ptdump_check_wx(void)
{
	unsigned long n = 0;

	ptdump_walk_pgd(swapper_pg_dir, FIXADDR_START, 0, count_wx, &n);
	if (n)
		pr_warn("Checked W+X mappings: failed, %lu W+X pages found\n", n);
	else
		pr_info("Checked W+X mappings: passed, no W+X pages found\n");
	return n;
}
