/*
 * Tests of vmalloc, vmap and ioremap (kernel/mm/vmalloc.c): memory is
 * usable at every size, pages are the ones the page table maps, guard
 * pages are unmapped, everything is given back, address ranges are
 * reused lowest first, bad frees are reported and ignored, and many
 * CPUs can allocate at once.
 */
#include "kunit/test.h"
#include "mm/vmalloc.h"
#include "mm/mm.h"
#include "mm/pagewalk.h"
#include "mm/slab.h"
#include "mm/vmstat.h"
#include "devicetree.h"
#include "string.h"
#include "smp.h"
#include "sched.h"

#define NOWARN (GFP_KERNEL | __GFP_NOWARN)

static unsigned long free_pages_settled(void)
{
	kmem_cache_shrink_all();
	drain_all_pages(NULL);
	return global_zone_page_state(NR_FREE_PAGES);
}

static bool is_mapped(unsigned long va)
{
	int level;

	return lookup_address(swapper_pg_dir, va, &level) != NULL;
}

/* The area that starts at p's page; if none, a failed expectation and a dummy. */
static const struct vm_struct *area_at(struct kunit *test, const void *p)
{
	static const struct vm_struct none;
	const struct vm_struct *area = find_vm_area(p);

	KUNIT_EXPECT_TRUE(test, area && area->addr == (void *)((unsigned long)p & PAGE_MASK));
	return area ? area : &none;
}

/* Words that differ by seed and position, so an area written over by another shows. */
static unsigned long pattern(unsigned long seed, unsigned long i)
{
	return (seed << 40) ^ (i * 0x9e3779b97f4a7c15UL);
}

static void fill(void *p, unsigned long size, unsigned long seed)
{
	unsigned long *w = p;

	for (unsigned long i = 0; i < size / sizeof(*w); i++)
		w[i] = pattern(seed, i);
}

/* Number of words that do not hold the pattern. */
static unsigned long count_bad(const void *p, unsigned long size, unsigned long seed)
{
	const unsigned long *w = p;
	unsigned long bad = 0;

	for (unsigned long i = 0; i < size / sizeof(*w); i++)
		bad += w[i] != pattern(seed, i);
	return bad;
}

static void check_usable(struct kunit *test, unsigned long size)
{
	void *p = vmalloc(size);
	const struct vm_struct *area;

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_TRUE(test, is_vmalloc_addr(p));
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED((unsigned long)p, PAGE_SIZE));
	area = area_at(test, p);
	KUNIT_EXPECT_TRUE(test, area->flags & VM_ALLOC);
	KUNIT_EXPECT_EQ(test, get_vm_area_size(area), PAGE_ALIGN(size));
	KUNIT_EXPECT_EQ(test, area->nr_pages, PAGE_ALIGN(size) >> PAGE_SHIFT);
	fill(p, size, size);
	KUNIT_EXPECT_EQ(test, count_bad(p, size, size), 0);
	vfree(p);
}

static void vmalloc_one_page_is_usable(struct kunit *test)
{
	check_usable(test, PAGE_SIZE);
}

static void vmalloc_1m_is_usable(struct kunit *test)
{
	check_usable(test, SZ_1M);
}

static void vmalloc_16m_is_usable(struct kunit *test)
{
	check_usable(test, 16 * SZ_1M);
}

static void vmalloc_rounds_up_to_whole_pages(struct kunit *test)
{
	void *p = vmalloc(PAGE_SIZE + 1);
	struct vm_struct *area = find_vm_area(p);

	KUNIT_ASSERT_NOT_NULL(test, area);
	KUNIT_EXPECT_EQ(test, area->nr_pages, 2);
	KUNIT_EXPECT_TRUE(test, is_mapped((unsigned long)p + PAGE_SIZE));
	vfree(p);
	KUNIT_EXPECT_NULL(test, vmalloc(0));
}

/* Each virtual page shows the contents of the page vmalloc_to_page() names. */
static void vmalloc_to_page_returns_the_mapped_pages(struct kunit *test)
{
	enum { N = 64 };
	char *p = vmalloc(N * PAGE_SIZE);
	struct vm_struct *area = find_vm_area(p);
	unsigned int contiguous = 0;

	KUNIT_ASSERT_NOT_NULL(test, area);
	for (int i = 0; i < N; i++)
		fill(p + i * PAGE_SIZE, PAGE_SIZE, i + 1);
	for (int i = 0; i < N; i++) {
		struct page *page = vmalloc_to_page(p + i * PAGE_SIZE + 123);

		KUNIT_EXPECT_TRUE(test, page == area->pages[i]);
		if (page)
			KUNIT_EXPECT_EQ(test, count_bad(page_address(page), PAGE_SIZE, i + 1), 0);
		if (i && page && page_to_pfn(page) == page_to_pfn(area->pages[i - 1]) + 1)
			contiguous++;
	}
	kunit_info(test, "%u of %d neighbouring pages physically contiguous", contiguous, N - 1);
	KUNIT_EXPECT_NULL(test, vmalloc_to_page(p + N * PAGE_SIZE));	/* the guard page */
	vfree(p);
	KUNIT_EXPECT_NULL(test, vmalloc_to_page(p));
}

/* The page after every area is unmapped, so areas never touch. */
static void vmalloc_areas_are_separated_by_guard_pages(struct kunit *test)
{
	enum { N = 4 };
	unsigned long pages[N] = { 3, 1, 16, 2 };
	char *p[N];

	for (int i = 0; i < N; i++) {
		p[i] = vmalloc(pages[i] * PAGE_SIZE);
		KUNIT_ASSERT_NOT_NULL(test, p[i]);
	}
	for (int i = 0; i < N; i++) {
		unsigned long start = (unsigned long)p[i], end = start + pages[i] * PAGE_SIZE;

		KUNIT_EXPECT_TRUE(test, is_mapped(end - PAGE_SIZE));
		KUNIT_EXPECT_FALSE(test, is_mapped(end));
		KUNIT_EXPECT_EQ(test, area_at(test, p[i])->size, pages[i] * PAGE_SIZE + PAGE_SIZE);
		for (int j = 0; j < N; j++) {
			unsigned long s = (unsigned long)p[j];

			/* Another area starts at least one page after this one ends. */
			if (j != i && s > start)
				KUNIT_EXPECT_GE(test, s, end + PAGE_SIZE);
		}
	}
	for (int i = 0; i < N; i++)
		vfree(p[i]);
}

static void vfree_returns_pages_and_counters(struct kunit *test)
{
	unsigned long before = free_pages_settled(), nr = vmalloc_nr_pages();
	unsigned long stat = global_node_page_state(NR_VMALLOC);
	void *p = vmalloc(SZ_1M);

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, vmalloc_nr_pages(), nr + 256);
	KUNIT_EXPECT_EQ(test, global_node_page_state(NR_VMALLOC), stat + 256);
	KUNIT_EXPECT_LE(test, free_pages_settled(), before - 256);
	vfree(p);
	KUNIT_EXPECT_FALSE(test, is_mapped((unsigned long)p));
	KUNIT_EXPECT_NULL(test, find_vm_area(p));
	KUNIT_EXPECT_EQ(test, vmalloc_nr_pages(), nr);
	KUNIT_EXPECT_EQ(test, global_node_page_state(NR_VMALLOC), stat);
	KUNIT_EXPECT_EQ(test, free_pages_settled(), before);
}

/* A freed range is the lowest gap, so the next request that fits gets it. */
static void vmalloc_reuses_the_lowest_free_range(struct kunit *test)
{
	void *a = vmalloc(SZ_1M), *b = vmalloc(SZ_1M), *c = vmalloc(SZ_1M), *d, *e;

	KUNIT_ASSERT_TRUE(test, a && b && c);
	vfree(b);
	d = vmalloc(SZ_1M);
	KUNIT_EXPECT_TRUE(test, d == b);
	vfree(d);
	vfree(a);
	/* Both holes fit one page: the lower one wins. */
	e = vmalloc(PAGE_SIZE);
	KUNIT_EXPECT_TRUE(test, e == a);
	vfree(e);
	vfree(c);
}

static void vzalloc_returns_zeroed_memory(struct kunit *test)
{
	unsigned long size = 64 * PAGE_SIZE;
	void *p = vmalloc(size);

	KUNIT_ASSERT_NOT_NULL(test, p);
	memset(p, 0xa5, size);	/* so recycled pages would show */
	vfree(p);
	p = vzalloc(size);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_NULL(test, memchr_inv(p, 0, size));
	vfree(p);
}

/* vmalloc_node() takes pages from the node asked for while it has them. */
static void vmalloc_node_uses_the_node(struct kunit *test)
{
	int nid;

	for_each_online_node(nid) {
		char *p = vmalloc_node(32 * PAGE_SIZE, nid);
		struct vm_struct *area = find_vm_area(p);
		unsigned int on_node = 0;

		KUNIT_ASSERT_NOT_NULL(test, area);
		for (unsigned int i = 0; i < area->nr_pages; i++)
			on_node += page_to_nid(area->pages[i]) == nid;
		KUNIT_EXPECT_EQ(test, on_node, 32);
		vfree(p);
	}
}

static void vmap_maps_pages_in_order(struct kunit *test)
{
	enum { N = 4 };
	struct page *pages[N];
	unsigned long nr = vmalloc_nr_pages();
	char *v;

	for (int i = 0; i < N; i++) {
		pages[i] = alloc_page(GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, pages[i]);
		fill(page_address(pages[i]), PAGE_SIZE, 100 + i);
	}
	v = vmap(pages, N, VM_MAP, PAGE_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, v);
	KUNIT_EXPECT_TRUE(test, area_at(test, v)->flags & VM_MAP);
	KUNIT_EXPECT_EQ(test, vmalloc_nr_pages(), nr);	/* not vmalloc's pages */
	for (int i = 0; i < N; i++) {
		KUNIT_EXPECT_EQ(test, count_bad(v + i * PAGE_SIZE, PAGE_SIZE, 100 + i), 0);
		KUNIT_EXPECT_TRUE(test, vmalloc_to_page(v + i * PAGE_SIZE) == pages[i]);
	}
	KUNIT_EXPECT_FALSE(test, is_mapped((unsigned long)v + N * PAGE_SIZE));
	fill(v + 2 * PAGE_SIZE, PAGE_SIZE, 7);	/* writes reach the page */
	vunmap(v);
	KUNIT_EXPECT_FALSE(test, is_mapped((unsigned long)v));
	/* The pages are still ours, with what we wrote. */
	for (int i = 0; i < N; i++)
		KUNIT_EXPECT_EQ(test, page_ref_count(pages[i]), 1);
	KUNIT_EXPECT_EQ(test, count_bad(page_address(pages[2]), PAGE_SIZE, 7), 0);
	for (int i = 0; i < N; i++)
		__free_page(pages[i]);
}

/* The 16550's scratch register (offset 7) holds what is written to it. */
static void ioremap_maps_the_uart(struct kunit *test)
{
	phys_addr_t pa = boot_dt.uart.base;
	unsigned long bad = vmalloc_bad_free_count;
	volatile u8 *scr;
	char *p, *q;
	pte_t *pte;
	int level;
	u8 old;

	if (!pa)
		kunit_skip(test, "no UART in the device tree");
	p = ioremap(pa, 0x100);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_TRUE(test, is_vmalloc_addr(p));
	KUNIT_EXPECT_EQ(test, (unsigned long)p & ~PAGE_MASK, pa & ~PAGE_MASK);
	pte = lookup_address(swapper_pg_dir, (unsigned long)p, &level);
	KUNIT_ASSERT_NOT_NULL(test, pte);
	KUNIT_EXPECT_EQ(test, level, PT_PTE);
	KUNIT_EXPECT_EQ(test, pte_pfn(*pte), PFN_DOWN(pa));
	KUNIT_EXPECT_FALSE(test, *pte & _PAGE_EXEC);
	KUNIT_EXPECT_TRUE(test, (*pte & (_PAGE_READ | _PAGE_WRITE)) == (_PAGE_READ | _PAGE_WRITE));
	KUNIT_EXPECT_TRUE(test, area_at(test, p)->flags & VM_IOREMAP);
	KUNIT_EXPECT_EQ(test, area_at(test, p)->phys_addr, pa & PAGE_MASK);
	KUNIT_EXPECT_NULL(test, vmalloc_to_page(p));	/* device memory has no struct page */

	scr = (volatile u8 *)p + (7 << boot_dt.uart_reg_shift);
	old = *scr;
	*scr = 0x5a;
	KUNIT_EXPECT_EQ(test, *scr, 0x5a);
	*scr = old;

	/* Straddling a page boundary takes two pages; iounmap takes the unaligned address. */
	q = ioremap(pa + PAGE_SIZE - 2, 4);
	KUNIT_ASSERT_NOT_NULL(test, q);
	KUNIT_EXPECT_EQ(test, (unsigned long)q & ~PAGE_MASK, PAGE_SIZE - 2);
	KUNIT_EXPECT_EQ(test, get_vm_area_size(area_at(test, q)), 2 * PAGE_SIZE);
	iounmap(q);
	iounmap(p);
	KUNIT_EXPECT_FALSE(test, is_mapped((unsigned long)p));
	KUNIT_EXPECT_EQ(test, vmalloc_bad_free_count, bad);
}

static int not_vmalloced;

/* Each bad vfree is reported once (with a WARNING and backtrace) and changes nothing. */
static void vfree_of_a_bad_address_is_reported_and_ignored(struct kunit *test)
{
	unsigned long bad = vmalloc_bad_free_count;
	char *p = vmalloc(2 * PAGE_SIZE);

	KUNIT_ASSERT_NOT_NULL(test, p);
	fill(p, 2 * PAGE_SIZE, 5);
	vfree(p + PAGE_SIZE);			/* inside an area */
	vfree(p + 8);				/* unaligned */
	vfree(&not_vmalloced);			/* not in the vmalloc region */
	vfree((void *)(VMALLOC_END - PAGE_SIZE));	/* where nothing is */
	vunmap(p + PAGE_SIZE);
	vfree(NULL);				/* allowed, as kfree(NULL) */
	KUNIT_EXPECT_EQ(test, vmalloc_bad_free_count, bad + 5);
	area_at(test, p);
	KUNIT_ASSERT_TRUE(test, is_mapped((unsigned long)p) && is_mapped((unsigned long)p + PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, count_bad(p, 2 * PAGE_SIZE, 5), 0);
	vfree(p);
	KUNIT_EXPECT_EQ(test, vmalloc_bad_free_count, bad + 5);
	vfree(p);				/* a double free */
	KUNIT_EXPECT_EQ(test, vmalloc_bad_free_count, bad + 6);
}

/* Enough areas to grow the area array past one page, freed out of order. */
static void vmalloc_many_areas_stay_apart(struct kunit *test)
{
	enum { N = 1200 };
	unsigned long before = free_pages_settled(), bad = 0;
	unsigned long *p = vmalloc(N * sizeof(*p));	/* holds the addresses */
	int n;

	KUNIT_ASSERT_NOT_NULL(test, p);
	for (n = 0; n < N; n++) {
		p[n] = (unsigned long)vmalloc(PAGE_SIZE);
		if (!p[n])
			break;
		fill((void *)p[n], PAGE_SIZE, n);
	}
	KUNIT_EXPECT_EQ(test, n, N);
	for (int i = 0; i < n; i++)
		bad += count_bad((void *)p[i], PAGE_SIZE, i);
	KUNIT_EXPECT_EQ(test, bad, 0);
	for (int i = 0; i < n; i += 2)
		vfree((void *)p[i]);
	for (int i = 1; i < n; i += 2) {
		KUNIT_EXPECT_EQ(test, count_bad((void *)p[i], PAGE_SIZE, i), 0);
		vfree((void *)p[i]);
	}
	vfree(p);
	KUNIT_EXPECT_EQ(test, free_pages_settled(), before);
}

/* ---- many CPUs at once ------------------------------------------------------ */

enum { LIVE = 4, ROUNDS = 48 };

struct concurrent {
	unsigned long addr[NR_CPUS][LIVE], size[NR_CPUS][LIVE], seed[NR_CPUS][LIVE];
	atomic_t errors;
	atomic_t next_id;
};

/*
 * A thread per CPU keeps LIVE areas of changing sizes, checking each
 * before freeing it. Threads, not cross-CPU calls: vmalloc may sleep.
 */
static int vmalloc_churn(void *arg)
{
	struct concurrent *c = arg;
	int cpu = atomic_inc_return(&c->next_id) - 1;	/* its row of c */

	for (unsigned long r = 0; r < ROUNDS; r++) {
		int slot = r % LIVE;
		unsigned long size = ((r * 7 + cpu * 3) % 16 + 1) * PAGE_SIZE;
		unsigned long seed = (cpu + 1) * 1000 + r;
		void *p;

		if (c->addr[cpu][slot]) {
			if (count_bad((void *)c->addr[cpu][slot], c->size[cpu][slot], c->seed[cpu][slot]))
				atomic_inc(&c->errors);
			vfree((void *)c->addr[cpu][slot]);
		}
		p = vmalloc(size);
		c->addr[cpu][slot] = (unsigned long)p;
		if (!p) {
			atomic_inc(&c->errors);
			continue;
		}
		fill(p, size, seed);
		c->size[cpu][slot] = size;
		c->seed[cpu][slot] = seed;
	}
	return 0;
}

static bool overlaps(unsigned long a, unsigned long as, unsigned long b, unsigned long bs)
{
	/* Each range is extended by its guard page. */
	return a < b + bs + PAGE_SIZE && b < a + as + PAGE_SIZE;
}

static void vmalloc_concurrent_on_all_cpus(struct kunit *test)
{
	static struct concurrent c;
	unsigned long bad = 0, clashes = 0;
	int live = 0, code, n = 0;

	memset(&c, 0, sizeof(c));
	for (int i = 0; i < num_online_cpus(); i++)
		if (kernel_thread(vmalloc_churn, &c, "vmalloc_churn"))
			n++;
	KUNIT_ASSERT_EQ(test, n, num_online_cpus());
	while (n && kernel_wait(&code) > 0)
		n--;
	KUNIT_EXPECT_EQ(test, atomic_read(&c.errors), 0);
	for (int i = 0; i < NR_CPUS * LIVE; i++) {
		unsigned long a = c.addr[i / LIVE][i % LIVE], as = c.size[i / LIVE][i % LIVE];

		if (!a)
			continue;
		live++;
		bad += count_bad((void *)a, as, c.seed[i / LIVE][i % LIVE]);
		for (int j = i + 1; j < NR_CPUS * LIVE; j++) {
			unsigned long b = c.addr[j / LIVE][j % LIVE];

			if (b && overlaps(a, as, b, c.size[j / LIVE][j % LIVE]))
				clashes++;
		}
	}
	kunit_info(test, "%d CPUs, %d areas live at the end", num_online_cpus(), live);
	KUNIT_EXPECT_EQ(test, live, num_online_cpus() * LIVE);
	KUNIT_EXPECT_EQ(test, bad, 0);
	KUNIT_EXPECT_EQ(test, clashes, 0);
	for (int i = 0; i < NR_CPUS * LIVE; i++)
		vfree((void *)c.addr[i / LIVE][i % LIVE]);
}

/* ---- requests that cannot be met -------------------------------------------- */

/* Take every page GFP_KERNEL may have, as a list through the blocks' first words. */
static void *grab_all_memory(void)
{
	void *head = NULL, *p;

	for (int order = MAX_PAGE_ORDER; order >= 0; order--)
		while ((p = (void *)__get_free_pages(NOWARN, order)) != NULL) {
			((void **)p)[0] = head;
			((unsigned long *)p)[1] = order;
			head = p;
		}
	return head;
}

static void release_memory(void *head)
{
	while (head) {
		void *next = ((void **)head)[0];

		free_pages((unsigned long)head, ((unsigned long *)head)[1]);
		head = next;
	}
}

static void vmalloc_of_more_than_ram_fails_cleanly(struct kunit *test)
{
	unsigned long before = free_pages_settled(), nr = vmalloc_nr_pages();

	KUNIT_EXPECT_NULL(test, vmalloc(2 * totalram_pages() * PAGE_SIZE));
	KUNIT_EXPECT_NULL(test, vmalloc(~0UL));
	KUNIT_EXPECT_NULL(test, vmalloc(VMALLOC_END - VMALLOC_START));
	KUNIT_EXPECT_EQ(test, vmalloc_nr_pages(), nr);
	KUNIT_EXPECT_EQ(test, free_pages_settled(), before);
}

/*
 * Memory runs out part way through: the pages taken so far go back.
 * Everything but a few pages is taken first; the request is bigger than
 * what is left by 256 pages, so the metadata fits and the pages do not.
 */
static void vmalloc_failing_midway_frees_everything(struct kunit *test)
{
	unsigned long before = free_pages_settled(), nr = vmalloc_nr_pages();
	unsigned long stat = global_node_page_state(NR_VMALLOC), left = 0;
	void *grabbed = grab_all_memory();

	/* The smallest blocks were taken last and head the list. */
	while (grabbed && left < 64) {
		void *next = ((void **)grabbed)[0];
		unsigned long order = ((unsigned long *)grabbed)[1];

		free_pages((unsigned long)grabbed, order);
		left += 1UL << order;
		grabbed = next;
	}
	KUNIT_EXPECT_NULL(test, vmalloc((left + 256) * PAGE_SIZE));
	release_memory(grabbed);
	KUNIT_EXPECT_EQ(test, vmalloc_nr_pages(), nr);
	KUNIT_EXPECT_EQ(test, global_node_page_state(NR_VMALLOC), stat);
	KUNIT_EXPECT_EQ(test, free_pages_settled(), before);
}

static void is_vmalloc_addr_knows_the_region(struct kunit *test)
{
	struct page *page = alloc_page(GFP_KERNEL);
	void *p = vmalloc(PAGE_SIZE);

	KUNIT_ASSERT_TRUE(test, page && p);
	KUNIT_EXPECT_TRUE(test, is_vmalloc_addr(p));
	KUNIT_EXPECT_TRUE(test, is_vmalloc_addr((void *)VMALLOC_START));
	KUNIT_EXPECT_FALSE(test, is_vmalloc_addr((void *)VMALLOC_END));
	KUNIT_EXPECT_FALSE(test, is_vmalloc_addr(page_address(page)));
	KUNIT_EXPECT_FALSE(test, is_vmalloc_addr(&not_vmalloced));
	KUNIT_EXPECT_NULL(test, vmalloc_to_page(page_address(page)));
	vfree(p);
	__free_page(page);
}

static struct kunit_case vmalloc_cases[] = {
	KUNIT_CASE(vmalloc_one_page_is_usable),
	KUNIT_CASE(vmalloc_1m_is_usable),
	KUNIT_CASE(vmalloc_16m_is_usable),
	KUNIT_CASE(vmalloc_rounds_up_to_whole_pages),
	KUNIT_CASE(vmalloc_to_page_returns_the_mapped_pages),
	KUNIT_CASE(vmalloc_areas_are_separated_by_guard_pages),
	KUNIT_CASE(vfree_returns_pages_and_counters),
	KUNIT_CASE(vmalloc_reuses_the_lowest_free_range),
	KUNIT_CASE(vzalloc_returns_zeroed_memory),
	KUNIT_CASE(vmalloc_node_uses_the_node),
	KUNIT_CASE(vmap_maps_pages_in_order),
	KUNIT_CASE(ioremap_maps_the_uart),
	KUNIT_CASE(vfree_of_a_bad_address_is_reported_and_ignored),
	KUNIT_CASE(vmalloc_many_areas_stay_apart),
	KUNIT_CASE(vmalloc_concurrent_on_all_cpus),
	KUNIT_CASE(vmalloc_of_more_than_ram_fails_cleanly),
	KUNIT_CASE(vmalloc_failing_midway_frees_everything),
	KUNIT_CASE(is_vmalloc_addr_knows_the_region),
	{}
};

static struct kunit_suite vmalloc_suite = {
	.name = "vmalloc",
	.test_cases = vmalloc_cases,
};
kunit_test_suite(vmalloc_suite);
