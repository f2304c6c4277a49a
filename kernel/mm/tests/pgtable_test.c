/*
 * Tests of the kernel page tables and the one page-table walker
 * (kernel/mm/pagewalk.c, init.c, ptdump.c): the image is mapped W^X at
 * 4 KiB, the linear map uses the largest leaves that fit and never
 * executes, create_pgd_mapping() picks leaf sizes by alignment,
 * walk_page_range() visits exactly what is mapped, and swapper_pg_dir
 * is what every hart runs on, with an empty user half.
 */
#include "kunit/test.h"
#include "mm/pagewalk.h"
#include "mm/ptdump.h"
#include "mm/memblock.h"
#include "mm/mm.h"
#include "mm/gfp.h"
#include "riscv.h"
#include "smp.h"

extern char _stext[], _etext[], __start_rodata[], __end_rodata[];

static int pgtable_test_data = 1;	/* in .data */
static int pgtable_test_bss;		/* in .bss */

/* The swapper_pg_dir leaf of a kernel address; fails the test if unmapped. */
static pte_t leaf(struct kunit *test, const void *va, int *level)
{
	pte_t *e = lookup_address(swapper_pg_dir, (unsigned long)va, level);

	if (!e) {
		kunit_fail(test, __FILE__, __LINE__, "%p is not mapped", va);
		return 0;
	}
	return *e;
}

static void expect_prot(struct kunit *test, const void *va, bool w, bool x)
{
	int level = -1;
	pte_t e = leaf(test, va, &level);

	KUNIT_EXPECT_EQ(test, level, PT_PTE);
	KUNIT_EXPECT_TRUE(test, e & _PAGE_READ);
	KUNIT_EXPECT_EQ(test, !!(e & _PAGE_WRITE), w);
	KUNIT_EXPECT_EQ(test, !!(e & _PAGE_EXEC), x);
}

static void kernel_text_is_executable_and_read_only(struct kunit *test)
{
	expect_prot(test, _stext, false, true);
	expect_prot(test, (void *)kernel_text_is_executable_and_read_only, false, true);
	expect_prot(test, (void *)((unsigned long)_etext - 1), false, true);
}

static void kernel_rodata_is_read_only(struct kunit *test)
{
	static const char message[] = "read only";

	expect_prot(test, __start_rodata, false, false);
	expect_prot(test, message, false, false);
	expect_prot(test, (void *)((unsigned long)__end_rodata - 1), false, false);
}

static void kernel_data_and_bss_are_writable_not_executable(struct kunit *test)
{
	expect_prot(test, &pgtable_test_data, true, false);
	expect_prot(test, &pgtable_test_bss, true, false);
	expect_prot(test, swapper_pg_dir, true, false);
}

/* The linear-map alias of the image must not undo its W^X. */
static void linear_alias_of_kernel_text_is_read_only(struct kunit *test)
{
	int level;
	pte_t e = leaf(test, __va(__pa(_stext)), &level);

	KUNIT_EXPECT_FALSE(test, e & _PAGE_EXEC);
	KUNIT_EXPECT_FALSE(test, e & _PAGE_WRITE);
	e = leaf(test, __va(__pa(__start_rodata)), &level);
	KUNIT_EXPECT_FALSE(test, e & (_PAGE_EXEC | _PAGE_WRITE));
}

static void kernel_has_no_wx_mappings(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, ptdump_check_wx(), 0);
}

/* A mapped memblock region holding all of [pa, pa + size)? */
static bool region_covers(phys_addr_t pa, unsigned long size)
{
	struct memblock_region *r;

	for_each_mem_region(r)
		if (!(r->flags & MEMBLOCK_NOMAP) && r->base <= pa && pa + size <= r->base + r->size)
			return true;
	return false;
}

/* 2 MiB leaves in the first gigabyte, which the kernel's read-only alias splits. */
static void linear_map_uses_2m_leaves(struct kunit *test)
{
	phys_addr_t pa = phys_ram_base + 32 * SZ_1M;
	int level = -1;

	if (!region_covers(pa, SZ_2M))
		kunit_skip(test, "no RAM at 32 MiB");
	leaf(test, __va(pa), &level);
	KUNIT_EXPECT_EQ(test, level, PT_PMD);
}

static void linear_map_uses_1g_leaves(struct kunit *test)
{
	phys_addr_t pa = phys_ram_base + SZ_1G;
	int level = -1;

	if (!region_covers(pa, SZ_1G))
		kunit_skip(test, "needs RAM over all of the second gigabyte");
	leaf(test, __va(pa), &level);
	KUNIT_EXPECT_EQ(test, level, PT_PUD);
	leaf(test, __va(pa + SZ_1G - 1), &level);
	KUNIT_EXPECT_EQ(test, level, PT_PUD);
}

static void pt_virt_to_phys_agrees_with_pa(struct kunit *test)
{
	struct page *page = alloc_page(GFP_KERNEL);
	const void *image[] = { _stext, __start_rodata, &pgtable_test_data, &pgtable_test_bss };
	char *va;

	KUNIT_ASSERT_NOT_NULL(test, page);
	va = (char *)page_address(page) + 0x123;
	KUNIT_EXPECT_EQ(test, pt_virt_to_phys(swapper_pg_dir, (unsigned long)va), __pa(va));
	KUNIT_EXPECT_EQ(test, __pa(va), page_to_phys(page) + 0x123);
	for (unsigned i = 0; i < ARRAY_SIZE(image); i++)
		KUNIT_EXPECT_EQ(test, pt_virt_to_phys(swapper_pg_dir, (unsigned long)image[i]),
				__pa(image[i]));
	KUNIT_EXPECT_EQ(test, pt_virt_to_phys(swapper_pg_dir, 0x1000), ~0UL);
	__free_page(page);
}

/* early_pg_dir's identity map must not survive into swapper_pg_dir. */
static void swapper_pg_dir_has_no_user_mappings(struct kunit *test)
{
	int used = 0;

	for (int i = 0; i < PTRS_PER_PGD / 2; i++)
		used += swapper_pg_dir[i] != 0;
	KUNIT_EXPECT_EQ(test, used, 0);
}

static unsigned long cpu_satp[NR_CPUS];

static void read_satp(void *unused)
{
	cpu_satp[smp_processor_id()] = csr_read(satp);
}

static void every_cpu_runs_on_swapper_pg_dir_in_sv48(struct kunit *test)
{
	unsigned long online = cpu_online_mask();

	on_each_cpu(read_satp, NULL);
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		if (!(online & (1UL << cpu)))
			continue;
		KUNIT_EXPECT_EQ(test, cpu_satp[cpu] >> 60, 9);	/* Sv48 */
		KUNIT_EXPECT_EQ(test, cpu_satp[cpu] & ((1UL << 44) - 1),
				PHYS_PFN(__pa(swapper_pg_dir)));
	}
}

/* ---- ptdump ------------------------------------------------------------------- */

struct text_ranges {
	unsigned long text_start, text_end, prev_end;
	int exec_outside_text, out_of_order;
	bool text_exec;
};

static void note_range(const struct ptdump_range *r, void *priv)
{
	struct text_ranges *t = priv;

	t->out_of_order += r->start < t->prev_end;
	t->prev_end = r->end;
	if (r->start <= t->text_start && t->text_start < r->end) {
		t->text_exec = r->prot & _PAGE_EXEC;
		t->text_end = r->end;
	}
	if ((r->prot & _PAGE_EXEC) &&
	    (r->start < (unsigned long)_stext || r->end > (unsigned long)_etext))
		t->exec_outside_text++;
}

/* The dump shows the text as one executable range, and nothing else executable. */
static void ptdump_shows_kernel_text_as_the_only_exec_range(struct kunit *test)
{
	struct text_ranges t = { .text_start = (unsigned long)_stext };

	ptdump_walk_pgd(swapper_pg_dir, FIXADDR_START, 0, note_range, &t);
	KUNIT_EXPECT_TRUE(test, t.text_exec);
	KUNIT_EXPECT_EQ(test, t.text_end, (unsigned long)_etext);
	KUNIT_EXPECT_EQ(test, t.exec_outside_text, 0);
	KUNIT_EXPECT_EQ(test, t.out_of_order, 0);
}

/* ---- a scratch page table ------------------------------------------------------- */

static int scratch_tables;

static phys_addr_t scratch_pt_alloc(void)
{
	unsigned long va = get_zeroed_page(GFP_KERNEL);

	if (!va)
		return 0;
	scratch_tables++;
	return __pa((void *)va);
}

/* Free a scratch table and every table below it; returns how many. */
static int free_scratch_tables(unsigned long *table, int level)
{
	int n = 1;

	for (int i = 0; i < PTRS_PER_PTE && level < PT_PTE; i++)
		if (pte_present(table[i]) && !pte_leaf(table[i]))
			n += free_scratch_tables(__va(PFN_PHYS(pte_pfn(table[i]))), level + 1);
	free_page((unsigned long)table);
	return n;
}

/*
 * What the scratch table maps; it is never loaded into satp, so the
 * physical addresses need not be RAM.
 */
#define SCRATCH_A 0x40000000UL		/* 1 GiB, aligned: one pud leaf */
#define SCRATCH_B 0x80000000UL		/* 1 GiB, PT_PMD at most: 512 pmd leaves */
#define SCRATCH_C 0xc0000000UL		/* 2 MiB + 12 KiB: one pmd leaf, 3 ptes */
#define SCRATCH_D 0xc0400000UL		/* 2 MiB, pa not 2 MiB aligned: 512 ptes */
#define SCRATCH_E 0x7f0000001000UL	/* one pte in another pgd slot */
#define SCRATCH_BYTES (2 * SZ_1G + SZ_2M + 3 * PAGE_SIZE + SZ_2M + PAGE_SIZE)

static pgd_t *build_scratch(struct kunit *test)
{
	pgd_t *pgd = (pgd_t *)get_zeroed_page(GFP_KERNEL);
	int err = 0;

	if (!pgd)
		return NULL;
	scratch_tables = 0;
	err |= create_pgd_mapping(pgd, SCRATCH_A, 0x100000000UL, SZ_1G, PAGE_KERNEL, PT_PUD,
				  scratch_pt_alloc);
	err |= create_pgd_mapping(pgd, SCRATCH_B, 0x140000000UL, SZ_1G, PAGE_KERNEL, PT_PMD,
				  scratch_pt_alloc);
	err |= create_pgd_mapping(pgd, SCRATCH_C, 0x180000000UL, SZ_2M + 3 * PAGE_SIZE,
				  PAGE_KERNEL, PT_PUD, scratch_pt_alloc);
	err |= create_pgd_mapping(pgd, SCRATCH_D, 0x180401000UL, SZ_2M, PAGE_KERNEL_RO, PT_PUD,
				  scratch_pt_alloc);
	err |= create_pgd_mapping(pgd, SCRATCH_E, 0x1000UL, PAGE_SIZE, PAGE_KERNEL, PT_PUD,
				  scratch_pt_alloc);
	KUNIT_EXPECT_EQ(test, err, 0);
	return pgd;
}

static void free_scratch(struct kunit *test, pgd_t *pgd)
{
	/* Every table allocated, plus the pgd. */
	KUNIT_EXPECT_EQ(test, free_scratch_tables(pgd, PT_PGD), scratch_tables + 1);
}

static int scratch_level(pgd_t *pgd, unsigned long va)
{
	int level = -1;

	return lookup_address(pgd, va, &level) ? level : -1;
}

static void create_pgd_mapping_picks_leaf_sizes(struct kunit *test)
{
	pgd_t *pgd = build_scratch(test);

	KUNIT_ASSERT_NOT_NULL(test, pgd);
	KUNIT_EXPECT_EQ(test, scratch_level(pgd, SCRATCH_A + 0x12345678), PT_PUD);
	KUNIT_EXPECT_EQ(test, scratch_level(pgd, SCRATCH_B + 7 * SZ_2M), PT_PMD);
	KUNIT_EXPECT_EQ(test, scratch_level(pgd, SCRATCH_C), PT_PMD);
	KUNIT_EXPECT_EQ(test, scratch_level(pgd, SCRATCH_C + SZ_2M + 2 * PAGE_SIZE), PT_PTE);
	KUNIT_EXPECT_EQ(test, scratch_level(pgd, SCRATCH_C + SZ_2M + 3 * PAGE_SIZE), -1);
	KUNIT_EXPECT_EQ(test, scratch_level(pgd, SCRATCH_D), PT_PTE);
	KUNIT_EXPECT_EQ(test, scratch_level(pgd, SCRATCH_D + SZ_2M - 1), PT_PTE);
	KUNIT_EXPECT_EQ(test, scratch_level(pgd, SCRATCH_E), PT_PTE);
	KUNIT_EXPECT_EQ(test, pt_virt_to_phys(pgd, SCRATCH_A + 0x12345678), 0x112345678UL);
	KUNIT_EXPECT_EQ(test, pt_virt_to_phys(pgd, SCRATCH_B + 0x300123), 0x140300123UL);
	KUNIT_EXPECT_EQ(test, pt_virt_to_phys(pgd, SCRATCH_D + 0x5432), 0x180406432UL);
	/*
	 * Tables: one pud table for A-D, pmd tables for B's and C/D's
	 * gigabytes, pte tables for C's tail and D, and pud, pmd and pte
	 * tables for E.
	 */
	KUNIT_EXPECT_EQ(test, scratch_tables, 8);
	free_scratch(test, pgd);
}

struct walk_count {
	int pud, pmd, pte, gaps;
	unsigned long mapped, holes, expect;	/* expect: where the next callback starts */
};

static int count_range(struct mm_walk *walk, unsigned long addr, unsigned long next, bool hole)
{
	struct walk_count *c = walk->private;

	c->gaps += addr != c->expect;
	c->expect = next;
	if (hole)
		c->holes += next - addr;
	else
		c->mapped += next - addr;
	return 0;
}

static int count_pud(pud_t *e, unsigned long a, unsigned long n, struct mm_walk *w)
{
	((struct walk_count *)w->private)->pud++;
	return count_range(w, a, n, false);
}

static int count_pmd(pmd_t *e, unsigned long a, unsigned long n, struct mm_walk *w)
{
	((struct walk_count *)w->private)->pmd++;
	return count_range(w, a, n, false);
}

static int count_pte(pte_t *e, unsigned long a, unsigned long n, struct mm_walk *w)
{
	((struct walk_count *)w->private)->pte++;
	return count_range(w, a, n, false);
}

static int count_hole(unsigned long a, unsigned long n, int depth, struct mm_walk *w)
{
	return count_range(w, a, n, true);
}

static const struct mm_walk_ops count_ops = {
	.pud_entry = count_pud,
	.pmd_entry = count_pmd,
	.pte_entry = count_pte,
	.pte_hole = count_hole,
};

/* Leaves and holes tile the range in order, and the leaves are what was mapped. */
static void walk_page_range_visits_exactly_the_mappings(struct kunit *test)
{
	pgd_t *pgd = build_scratch(test);
	struct walk_count c = { .expect = 0 };

	KUNIT_ASSERT_NOT_NULL(test, pgd);
	KUNIT_EXPECT_EQ(test, walk_page_range(pgd, 0, TASK_SIZE, &count_ops, &c), 0);
	KUNIT_EXPECT_EQ(test, c.pud, 1);
	KUNIT_EXPECT_EQ(test, c.pmd, 512 + 1);
	KUNIT_EXPECT_EQ(test, c.pte, 3 + 512 + 1);
	KUNIT_EXPECT_EQ(test, c.mapped, SCRATCH_BYTES);
	KUNIT_EXPECT_EQ(test, c.mapped + c.holes, TASK_SIZE);
	KUNIT_EXPECT_EQ(test, c.gaps, 0);
	KUNIT_EXPECT_EQ(test, c.expect, TASK_SIZE);

	/* Part of a range: the 2 MiB leaf is cut at the start, then two ptes. */
	c = (struct walk_count){ .expect = SCRATCH_C + PAGE_SIZE };
	walk_page_range(pgd, SCRATCH_C + PAGE_SIZE, SCRATCH_C + SZ_2M + 2 * PAGE_SIZE, &count_ops, &c);
	KUNIT_EXPECT_EQ(test, c.pmd, 1);
	KUNIT_EXPECT_EQ(test, c.pte, 2);
	KUNIT_EXPECT_EQ(test, c.mapped, SZ_2M + PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, c.holes, 0);
	KUNIT_EXPECT_EQ(test, c.gaps, 0);
	free_scratch(test, pgd);
}

static struct kunit_case pgtable_cases[] = {
	KUNIT_CASE(kernel_text_is_executable_and_read_only),
	KUNIT_CASE(kernel_rodata_is_read_only),
	KUNIT_CASE(kernel_data_and_bss_are_writable_not_executable),
	KUNIT_CASE(linear_alias_of_kernel_text_is_read_only),
	KUNIT_CASE(kernel_has_no_wx_mappings),
	KUNIT_CASE(linear_map_uses_2m_leaves),
	KUNIT_CASE(linear_map_uses_1g_leaves),
	KUNIT_CASE(pt_virt_to_phys_agrees_with_pa),
	KUNIT_CASE(swapper_pg_dir_has_no_user_mappings),
	KUNIT_CASE(every_cpu_runs_on_swapper_pg_dir_in_sv48),
	KUNIT_CASE(ptdump_shows_kernel_text_as_the_only_exec_range),
	KUNIT_CASE(create_pgd_mapping_picks_leaf_sizes),
	KUNIT_CASE(walk_page_range_visits_exactly_the_mappings),
	{}
};

static struct kunit_suite pgtable_suite = {
	.name = "pgtable",
	.test_cases = pgtable_cases,
};
kunit_test_suite(pgtable_suite);
