/*
 * Virtually contiguous kernel memory (Linux: mm/vmalloc.c).
 *
 * The vmalloc region [VMALLOC_START, VMALLOC_END) of swapper_pg_dir is
 * handed out in areas, one per vmalloc(), vmap() or ioremap(), each
 * described by a struct vm_struct. An area ends with one unmapped guard
 * page, so running off its end faults instead of scribbling on the next
 * area. vmalloc() fills an area with order-0 pages taken one at a time,
 * so they need not be physically contiguous, and maps them with 4 KiB
 * ptes; only the virtual addresses are consecutive.
 *
 * The areas are kept in an array sorted by address: finding the area of
 * an address is a binary search, and a new area takes the lowest gap
 * that fits. Linux keeps busy and free vmap_areas in two rbtrees (the
 * free one augmented so the lowest fit is found in O(log n)) and frees
 * lazily, flushing TLBs for many areas at once; Pagoda flushes per area.
 *
 * Locking: vmap_area_lock protects the area array. Page tables are
 * added to swapper_pg_dir without a lock, each published by a
 * compare-and-swap (pt_entry). No lock is held while pages or tables
 * are allocated, or TLBs flushed. Page tables of the vmalloc region are
 * never freed (as in Linux), so once a table exists it can be walked
 * without a lock.
 */
#include "mm/vmalloc.h"
#include "mm/mm.h"
#include "mm/slab.h"
#include "mm/pagewalk.h"
#include "mm/tlbflush.h"
#include "mm/memblock.h"
#include "smp.h"
#include "spinlock.h"
#include "printk.h"
#include "panic.h"
#include "string.h"
#include "errno.h"

/* The gfp bits that carry over to metadata allocations (Linux: mm/internal.h). */
#define GFP_RECLAIM_MASK (__GFP_RECLAIM | __GFP_HIGH | __GFP_IO | __GFP_FS | __GFP_NOWARN | \
			  __GFP_RETRY_MAYFAIL | __GFP_NOFAIL | __GFP_NORETRY)

/* Private flag: unmapping in progress; invisible to lookups, range not yet free. */
#define VM_FREEING 0x80000000u

/* Page tables under the start of the region are allocated at boot, see vmalloc_init(). */
#define VMALLOC_EARLY_TABLES (64 * SZ_1M)

static DEFINE_SPINLOCK(vmap_area_lock);
/* Every area, sorted by address, in 2^vmap_areas_order whole pages. */
static struct vm_struct **vmap_areas;
static unsigned int nr_vmap_areas, vmap_areas_order;

static atomic_long_t nr_vmalloc_pages;
unsigned long vmalloc_bad_free_count;

static unsigned int vmap_areas_cap(unsigned int order)
{
	return (PAGE_SIZE << order) / sizeof(struct vm_struct *);
}

bool is_vmalloc_addr(const void *addr)
{
	unsigned long a = (unsigned long)addr;

	return a >= VMALLOC_START && a < VMALLOC_END;
}

unsigned long vmalloc_nr_pages(void)
{
	return atomic_long_read(&nr_vmalloc_pages);
}

/* ---- page tables ------------------------------------------------------------ */

static phys_addr_t vmalloc_pt_alloc(void)
{
	unsigned long va = get_zeroed_page(GFP_KERNEL);

	return va ? __pa((void *)va) : 0;
}

/*
 * Make sure every pte table under [addr, addr + size) exists. No lock:
 * the allocation may reclaim and so sleep. Two CPUs filling the same
 * empty entry both allocate, and pt_entry's compare-and-swap keeps one
 * table and frees the other (Linux allocates outside init_mm's
 * page_table_lock and frees the loser in the same way).
 */
static int vmap_alloc_tables(unsigned long addr, unsigned long size)
{
	for (unsigned long va = addr & PMD_MASK; va < addr + size; va += PMD_SIZE)
		if (!pt_entry(swapper_pg_dir, va, PT_PTE, vmalloc_pt_alloc))
			return -ENOMEM;
	return 0;
}

/*
 * A hart may remember that an address was unmapped, so new ptes are
 * announced with a fence on every hart (Linux: flush_cache_vmap(); newer
 * kernels instead catch the rare spurious fault in the trap handler).
 */
static void flush_cache_vmap(unsigned long start, unsigned long end)
{
	flush_tlb_kernel_range(start, end);
}

/* Map pages[0..nr) at addr with 4 KiB ptes (Linux: vmap_pages_range). */
static int vmap_pages_range(unsigned long addr, struct page **pages, unsigned int nr,
			    pgprot_t prot)
{
	unsigned long end = addr + ((unsigned long)nr << PAGE_SHIFT);
	int err = vmap_alloc_tables(addr, end - addr);

	if (err)
		return err;
	for (unsigned int i = 0; i < nr; i++) {
		pte_t *pte = pt_entry(swapper_pg_dir, addr + ((unsigned long)i << PAGE_SHIFT),
				      PT_PTE, NULL);

		WRITE_ONCE(*pte, pfn_pte(page_to_pfn(pages[i]), prot));
	}
	flush_cache_vmap(addr, end);
	return 0;
}

/* Map [addr, addr + size) to device memory at pa (Linux: ioremap_page_range). */
static int ioremap_page_range(unsigned long addr, phys_addr_t pa, unsigned long size)
{
	int err = vmap_alloc_tables(addr, size);

	if (!err)
		err = create_pgd_mapping(swapper_pg_dir, addr, pa, size, PAGE_KERNEL_IO, PT_PTE, NULL);
	flush_cache_vmap(addr, addr + size);
	return err;
}

/* Unmap, then make every hart forget the old translations (Linux: vunmap_range). */
static void vunmap_range(unsigned long addr, unsigned long end)
{
	clear_pte_range(swapper_pg_dir, addr, end - addr);
	flush_tlb_kernel_range(addr, end);
}

/* ---- the sorted area array -------------------------------------------------- */

/*
 * Move the array into 2^order pages. Whole pages, not kmalloc, so that
 * growing and shrinking back leaves the page allocator's free count as it
 * was. Fails only if the pages cannot be had.
 */
static bool resize_vmap_areas(unsigned int order, gfp_t gfp)
{
	unsigned long new = __get_free_pages(gfp, order), old = new;
	unsigned long flags;
	unsigned int old_order = order;

	if (!new)
		return false;
	spin_lock_irqsave(&vmap_area_lock, flags);
	/* Others may have resized meanwhile: move only if everything fits. */
	if (nr_vmap_areas <= vmap_areas_cap(order)) {
		memcpy((void *)new, vmap_areas, nr_vmap_areas * sizeof(*vmap_areas));
		old = (unsigned long)vmap_areas;
		old_order = vmap_areas_order;
		vmap_areas = (struct vm_struct **)new;
		vmap_areas_order = order;
	}
	spin_unlock_irqrestore(&vmap_area_lock, flags);
	free_pages(old, old_order);
	return true;
}

/*
 * The area whose range [addr, addr + size) holds `a`, and its index;
 * NULL if none (Linux: __find_vmap_area). vmap_area_lock held.
 */
static struct vm_struct *__find_vm_area(unsigned long a, unsigned int *index)
{
	unsigned int lo = 0, hi = nr_vmap_areas;
	struct vm_struct *area;

	while (lo < hi) {	/* lo: the first area starting above a */
		unsigned int mid = lo + (hi - lo) / 2;

		if ((unsigned long)vmap_areas[mid]->addr <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	area = vmap_areas[lo - 1];
	if (a - (unsigned long)area->addr >= area->size)
		return NULL;
	if (index)
		*index = lo - 1;
	return area;
}

/*
 * Give `area` the lowest free range of area->size bytes and insert it
 * (Linux: alloc_vmap_area, find_vmap_lowest_match). The scan for the gap
 * is linear in the number of areas.
 */
static int insert_vm_area(struct vm_struct *area, gfp_t gfp)
{
	unsigned long flags, addr = VMALLOC_START;
	unsigned int i;

	spin_lock_irqsave(&vmap_area_lock, flags);
	while (nr_vmap_areas == vmap_areas_cap(vmap_areas_order)) {
		unsigned int order = vmap_areas_order + 1;

		spin_unlock_irqrestore(&vmap_area_lock, flags);
		if (order > MAX_PAGE_ORDER || !resize_vmap_areas(order, gfp & GFP_RECLAIM_MASK))
			return -ENOMEM;
		spin_lock_irqsave(&vmap_area_lock, flags);
	}
	for (i = 0; i < nr_vmap_areas; i++) {
		unsigned long start = (unsigned long)vmap_areas[i]->addr;

		if (start - addr >= area->size)
			break;
		addr = start + vmap_areas[i]->size;
	}
	if (VMALLOC_END - addr < area->size) {
		spin_unlock_irqrestore(&vmap_area_lock, flags);
		return -ENOMEM;
	}
	memmove(&vmap_areas[i + 1], &vmap_areas[i], (nr_vmap_areas - i) * sizeof(*vmap_areas));
	vmap_areas[i] = area;
	nr_vmap_areas++;
	area->addr = (void *)addr;
	spin_unlock_irqrestore(&vmap_area_lock, flags);
	return 0;
}

/* Take an unmapped area out of the array: its range may be reused now. */
static void release_vm_area(struct vm_struct *area)
{
	unsigned long flags;
	unsigned int i = 0, order;
	bool shrink;

	spin_lock_irqsave(&vmap_area_lock, flags);
	__find_vm_area((unsigned long)area->addr, &i);
	memmove(&vmap_areas[i], &vmap_areas[i + 1], (nr_vmap_areas - i - 1) * sizeof(*vmap_areas));
	nr_vmap_areas--;
	/* Halve the array when a quarter full, so one area cannot make it flap. */
	order = vmap_areas_order - 1;
	shrink = vmap_areas_order && nr_vmap_areas < vmap_areas_cap(vmap_areas_order) / 4;
	spin_unlock_irqrestore(&vmap_area_lock, flags);
	if (shrink)
		resize_vmap_areas(order, GFP_NOWAIT | __GFP_NOWARN);
}

/* Reserve an area for `size` bytes plus the guard page (Linux: __get_vm_area_node). */
static struct vm_struct *__get_vm_area_node(unsigned long size, unsigned long flags,
					    gfp_t gfp, int node, const void *caller)
{
	struct vm_struct *area;

	if (!size || size > VMALLOC_END - VMALLOC_START - PAGE_SIZE)
		return NULL;
	area = kmalloc_node(sizeof(*area), (gfp & GFP_RECLAIM_MASK) | __GFP_ZERO, node);
	if (!area)
		return NULL;
	area->size = size + PAGE_SIZE;
	area->flags = flags;
	area->caller = caller;
	if (insert_vm_area(area, gfp)) {
		kfree(area);
		return NULL;
	}
	return area;
}

struct vm_struct *find_vm_area(const void *addr)
{
	struct vm_struct *area;
	unsigned long flags;

	spin_lock_irqsave(&vmap_area_lock, flags);
	area = __find_vm_area((unsigned long)addr, NULL);
	if (area && (area->flags & VM_FREEING))
		area = NULL;
	spin_unlock_irqrestore(&vmap_area_lock, flags);
	return area;
}

/*
 * Unmap the area that starts at addr and give its range back; NULL if
 * no area starts there (Linux: remove_vm_area, which accepts any address
 * inside the area). The area is claimed first so that a second free of
 * it fails, and its range is released only after the TLB flush, so no
 * hart can still reach the old pages through a new area.
 */
static struct vm_struct *remove_vm_area(const void *addr)
{
	struct vm_struct *area;
	unsigned long flags;

	spin_lock_irqsave(&vmap_area_lock, flags);
	area = __find_vm_area((unsigned long)addr, NULL);
	if (area && (area->addr != addr || (area->flags & VM_FREEING)))
		area = NULL;
	if (area)
		area->flags |= VM_FREEING;
	spin_unlock_irqrestore(&vmap_area_lock, flags);
	if (!area)
		return NULL;
	vunmap_range((unsigned long)area->addr,
		     (unsigned long)area->addr + get_vm_area_size(area));
	release_vm_area(area);
	area->flags &= ~VM_FREEING;
	return area;
}

static void nonexistent_vm_area(const char *fn, const void *addr)
{
	pr_err("Trying to %s() nonexistent vm area (%p)\n", fn, addr);
	__atomic_fetch_add(&vmalloc_bad_free_count, 1, __ATOMIC_RELAXED);
	WARN_ON(1);
}

/* ---- vmalloc and vfree ------------------------------------------------------ */

static void vmalloc_warn(gfp_t gfp, unsigned long size, const char *why)
{
	char mode[256];

	if (gfp & __GFP_NOWARN)
		return;
	format_gfp_flags(mode, sizeof(mode), gfp);
	/* Linux's warn_alloc() adds a backtrace and show_mem(). */
	pr_warn("vmalloc error: size %lu, %s, mode:%s\n", size, why, mode);
}

static void *__vmalloc_node(unsigned long size, gfp_t gfp, int node, const void *caller);

/*
 * Fill a VM_ALLOC area with pages and map them (Linux: __vmalloc_area_node).
 * On failure the caller vfree()s the area, which frees whatever was
 * allocated: area->nr_pages counts the pages in area->pages so far.
 */
static int vmalloc_area_populate(struct vm_struct *area, gfp_t gfp, int node)
{
	unsigned int nr = get_vm_area_size(area) >> PAGE_SHIFT;
	unsigned long array_size = (unsigned long)nr * sizeof(struct page *);
	gfp_t nested_gfp = gfp & GFP_RECLAIM_MASK;

	/* A big page array is vmalloc'ed itself, as in Linux; it is smaller by 512. */
	if (array_size > PAGE_SIZE)
		area->pages = __vmalloc_node(array_size, nested_gfp, node, area->caller);
	else
		area->pages = kmalloc_node(array_size, nested_gfp, node);
	if (!area->pages) {
		vmalloc_warn(gfp, get_vm_area_size(area), "failed to allocate page array");
		return -ENOMEM;
	}
	while (area->nr_pages < nr) {
		/* Linux tries the bulk allocator and high orders first. */
		struct page *page = alloc_pages_node(node, gfp | __GFP_NOWARN, 0);

		if (!page) {
			vmalloc_warn(gfp, get_vm_area_size(area), "failed to allocate pages");
			return -ENOMEM;
		}
		area->pages[area->nr_pages++] = page;
		mod_node_page_state(NODE_DATA(page_to_nid(page)), NR_VMALLOC, 1);
		atomic_long_inc(&nr_vmalloc_pages);
	}
	if (vmap_pages_range((unsigned long)area->addr, area->pages, nr, PAGE_KERNEL)) {
		vmalloc_warn(gfp, get_vm_area_size(area), "failed to map pages");
		return -ENOMEM;
	}
	return 0;
}

static void *__vmalloc_node(unsigned long size, gfp_t gfp, int node, const void *caller)
{
	unsigned long real_size = size;
	struct vm_struct *area;

	size = PAGE_ALIGN(size);
	if (!size || size < real_size)	/* Linux WARNs once on size 0 */
		return NULL;
	if ((size >> PAGE_SHIFT) > totalram_pages()) {
		vmalloc_warn(gfp, real_size, "exceeds total pages");
		return NULL;
	}
	area = __get_vm_area_node(size, VM_ALLOC, gfp, node, caller);
	if (!area) {
		vmalloc_warn(gfp, real_size, "vm_struct allocation failed");
		return NULL;
	}
	if (vmalloc_area_populate(area, gfp, node)) {
		vfree(area->addr);
		return NULL;
	}
	return area->addr;
}

void *vmalloc(unsigned long size)
{
	return __vmalloc_node(size, GFP_KERNEL, NUMA_NO_NODE, __builtin_return_address(0));
}

void *vzalloc(unsigned long size)
{
	return __vmalloc_node(size, GFP_KERNEL | __GFP_ZERO, NUMA_NO_NODE,
			      __builtin_return_address(0));
}

/* Pages preferably from `node`; others when it has none (no __GFP_THISNODE). */
void *vmalloc_node(unsigned long size, int node)
{
	return __vmalloc_node(size, GFP_KERNEL, node, __builtin_return_address(0));
}

/* Linux defers a vfree() from interrupt context to a workqueue; Pagoda has none. */
void vfree(const void *addr)
{
	struct vm_struct *area;

	if (!addr)
		return;
	area = remove_vm_area(addr);
	if (!area) {
		nonexistent_vm_area("vfree", addr);
		return;
	}
	for (unsigned int i = 0; i < area->nr_pages; i++) {
		struct page *page = area->pages[i];

		mod_node_page_state(NODE_DATA(page_to_nid(page)), NR_VMALLOC, -1);
		atomic_long_add(-1, &nr_vmalloc_pages);
		__free_page(page);
	}
	if (is_vmalloc_addr(area->pages))
		vfree(area->pages);
	else
		kfree(area->pages);
	kfree(area);
}

/* ---- vmap and ioremap ------------------------------------------------------- */

/* Map the caller's pages; they stay the caller's (Linux's VM_MAP_PUT_PAGES absent). */
void *vmap(struct page **pages, unsigned int count, unsigned long flags, pgprot_t prot)
{
	struct vm_struct *area;

	if (!count || count > totalram_pages())
		return NULL;
	area = __get_vm_area_node((unsigned long)count << PAGE_SHIFT, flags, GFP_KERNEL,
				  NUMA_NO_NODE, __builtin_return_address(0));
	if (!area)
		return NULL;
	if (vmap_pages_range((unsigned long)area->addr, pages, count, prot)) {
		vunmap(area->addr);
		return NULL;
	}
	return area->addr;
}

/* Unmap and forget the area; its pages are not freed. */
void vunmap(const void *addr)
{
	struct vm_struct *area;

	if (!addr)
		return;
	area = remove_vm_area(addr);
	if (!area) {
		nonexistent_vm_area("vunmap", addr);
		return;
	}
	kfree(area);
}

/*
 * Map device registers at [pa, pa + size), uncached in intent
 * (PAGE_KERNEL_IO; QEMU's virt has no memory types). Returns the
 * address of pa itself, which need not be page aligned (Linux:
 * generic_ioremap_prot, which also uses huge pages when it can).
 */
void *ioremap(phys_addr_t pa, unsigned long size)
{
	unsigned long offset = pa & ~PAGE_MASK;
	struct vm_struct *area;

	if (!size || pa + size - 1 < pa)
		return NULL;
	pa -= offset;
	size = PAGE_ALIGN(size + offset);
	area = __get_vm_area_node(size, VM_IOREMAP, GFP_KERNEL, NUMA_NO_NODE,
				  __builtin_return_address(0));
	if (!area)
		return NULL;
	area->phys_addr = pa;
	if (ioremap_page_range((unsigned long)area->addr, pa, size)) {
		vunmap(area->addr);
		return NULL;
	}
	return (char *)area->addr + offset;
}

void iounmap(void *addr)
{
	if (addr)
		vunmap((void *)((unsigned long)addr & PAGE_MASK));
}

struct page *vmalloc_to_page(const void *addr)
{
	unsigned long a = (unsigned long)addr, pfn;
	int level;
	pte_t *pte;

	if (!is_vmalloc_addr(addr))
		return NULL;
	pte = lookup_address(swapper_pg_dir, a, &level);
	if (!pte)
		return NULL;
	pfn = pte_pfn(*pte) + ((a & (pt_level_size(level) - 1)) >> PAGE_SHIFT);
	return pfn_valid(pfn) ? pfn_to_page(pfn) : NULL;	/* NULL for device memory */
}

/*
 * The pud tables of the whole region are allocated now, as Linux's riscv
 * pgtable_cache_init() does, so the region's pgd entries never change and
 * the copies of the kernel half in process page tables stay complete.
 * Pagoda also fills in the tables under the first VMALLOC_EARLY_TABLES
 * bytes, where lowest-first allocation puts most areas: tables are kept
 * forever, and making them at boot keeps later free-page counts (the
 * tests' <suite>_frees_all_pages) about pages in use, not tables.
 */
void vmalloc_init(void)
{
	for (unsigned long va = VMALLOC_START; va < VMALLOC_END; va += PGDIR_SIZE)
		if (!pt_entry(swapper_pg_dir, va, PT_PUD, vmalloc_pt_alloc))
			panic("Failed to pre-allocate pud pages for vmalloc area");
	if (vmap_alloc_tables(VMALLOC_START, VMALLOC_EARLY_TABLES))
		panic("Failed to pre-allocate page tables for vmalloc area");
	if (!resize_vmap_areas(0, GFP_KERNEL))
		panic("vmalloc: no memory for the area array");
}

/*
 * Calls fn(area, arg) for every area in address order except those being
 * freed, for /proc/vmallocinfo (Linux walks vmap_area_list there). fn
 * runs under vmap_area_lock with interrupts off: it must not sleep or
 * allocate.
 */
void vmalloc_for_each_area(void (*fn)(const struct vm_struct *area, void *arg), void *arg)
{
	unsigned long flags;

	spin_lock_irqsave(&vmap_area_lock, flags);
	for (unsigned int i = 0; i < nr_vmap_areas; i++)
		if (!(vmap_areas[i]->flags & VM_FREEING))	/* its pages may be gone */
			fn(vmap_areas[i], arg);
	spin_unlock_irqrestore(&vmap_area_lock, flags);
}
