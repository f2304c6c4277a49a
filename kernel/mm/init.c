/*
 * Boot-time page tables and memory layout (Linux: arch/riscv/mm/init.c).
 *
 * Two page tables are built, as Linux does:
 *
 *  early_pg_dir   built by setup_vm() with the MMU off, from static
 *                 tables: an identity map of the gigabyte holding the
 *                 kernel (so the instruction after the satp write still
 *                 fetches), the kernel image at KERNEL_LINK_ADDR in 2 MiB
 *                 pages, and the linear map of all RAM in 1 GiB pages.
 *
 *  swapper_pg_dir the final kernel page table, built by paging_init()
 *                 from memblock pages: the image with W^X at 4 KiB,
 *                 the linear map without the firmware's no-map regions
 *                 using the largest pages that fit, the fixmap, and
 *                 (later) vmemmap and vmalloc. Its upper half is copied
 *                 into every process page table.
 */
#include "mm/pgtable.h"
#include "mm/pagewalk.h"
#include "mm/memblock.h"
#include "mm/fixmap.h"
#include "mm/mm.h"
#include "devicetree.h"
#include "printk.h"
#include "panic.h"
#include "string.h"
#include "riscv.h"
#include "init.h"
#include "errno.h"

struct kernel_mapping kernel_map;
phys_addr_t phys_ram_base;
phys_addr_t memory_limit = ~0UL;	/* mem= */

pgd_t swapper_pg_dir[PTRS_PER_PGD] __section(".bss..page_aligned") __aligned(PAGE_SIZE);
pgd_t early_pg_dir[PTRS_PER_PGD] __section(".bss..page_aligned") __aligned(PAGE_SIZE);
static pud_t early_ident_pud[PTRS_PER_PUD] __section(".bss..page_aligned") __aligned(PAGE_SIZE);
static pud_t early_linear_pud[PTRS_PER_PUD] __section(".bss..page_aligned") __aligned(PAGE_SIZE);
static pud_t early_kernel_pud[PTRS_PER_PUD] __section(".bss..page_aligned") __aligned(PAGE_SIZE);
static pmd_t early_kernel_pmd[PTRS_PER_PMD] __section(".bss..page_aligned") __aligned(PAGE_SIZE);

extern char _start[], _end[], _stext[], _etext[], __start_rodata[], __end_rodata[];

/*
 * Runs with the MMU off, at the load address: only PC-relative
 * references, no printing, no function pointers.
 */
void setup_vm(unsigned long hartid, phys_addr_t dtb_pa)
{
	phys_addr_t pa = (phys_addr_t)_start, ram_start, ram_end;
	unsigned long va;

	kernel_map.virt_addr = KERNEL_LINK_ADDR;
	kernel_map.phys_addr = pa;
	kernel_map.size = (unsigned long)(_end - _start);
	kernel_map.va_kernel_pa_offset = KERNEL_LINK_ADDR - pa;
	if (early_init_dt_memory_bounds((const void *)dtb_pa, &ram_start, &ram_end)) {
		/* No usable DT: map the gigabyte we run in; start_kernel reports it. */
		ram_start = ALIGN_DOWN(pa, PUD_SIZE);
		ram_end = ram_start + PUD_SIZE;
	}
	phys_ram_base = ALIGN_DOWN(ram_start, PUD_SIZE);
	kernel_map.va_pa_offset = PAGE_OFFSET - phys_ram_base;

	/* Identity map of the gigabyte that holds the kernel. */
	early_pg_dir[pt_index(pa, PT_PGD)] = pfn_pte(PHYS_PFN((phys_addr_t)early_ident_pud), _PAGE_TABLE);
	early_ident_pud[pt_index(pa, PT_PUD)] = pfn_pte(PHYS_PFN(ALIGN_DOWN(pa, PUD_SIZE)), PAGE_KERNEL_RWX);

	/* Linear map of RAM, 1 GiB at a time, up to 512 GiB. */
	early_pg_dir[pt_index(PAGE_OFFSET, PT_PGD)] =
		pfn_pte(PHYS_PFN((phys_addr_t)early_linear_pud), _PAGE_TABLE);
	for (phys_addr_t p = phys_ram_base; p < ram_end && p - phys_ram_base < PGDIR_SIZE; p += PUD_SIZE)
		early_linear_pud[pt_index(p + kernel_map.va_pa_offset, PT_PUD)] =
			pfn_pte(PHYS_PFN(p), PAGE_KERNEL);

	/* The kernel image, 2 MiB at a time, RWX until paging_init splits it. */
	early_pg_dir[pt_index(KERNEL_LINK_ADDR, PT_PGD)] =
		pfn_pte(PHYS_PFN((phys_addr_t)early_kernel_pud), _PAGE_TABLE);
	early_kernel_pud[pt_index(KERNEL_LINK_ADDR, PT_PUD)] =
		pfn_pte(PHYS_PFN((phys_addr_t)early_kernel_pmd), _PAGE_TABLE);
	for (va = 0; va < kernel_map.size; va += PMD_SIZE)
		early_kernel_pmd[pt_index(KERNEL_LINK_ADDR + va, PT_PMD)] =
			pfn_pte(PHYS_PFN(pa + va), PAGE_KERNEL_RWX);
}

/* ---- memblock from the device tree ---------------------------------------- */

void setup_bootmem(void)
{
	phys_addr_t kernel_pa = kernel_map.phys_addr;
	int numa_off = nr_online_nodes == 1;

	for (int i = 0; i < boot_dt.nr_mem; i++)
		memblock_add_node(boot_dt.mem[i].base, boot_dt.mem[i].size,
				  numa_off ? 0 : boot_dt.mem[i].nid);
	if (memory_limit != ~0UL) {
		pr_notice("mem=%luM: limiting memory\n", memory_limit >> 20);
		memblock_enforce_memory_limit(memory_limit);
	}
	/* Memory below the 1 GiB-aligned base would have no linear-map address. */
	if (memblock_start_of_DRAM() < phys_ram_base)
		memblock_remove(0, phys_ram_base);
	/* Early page tables map 512 GiB of RAM at most. */
	if (memblock_end_of_DRAM() > phys_ram_base + PGDIR_SIZE)
		memblock_remove(phys_ram_base + PGDIR_SIZE, ~0UL - phys_ram_base - PGDIR_SIZE);

	memblock_reserve(kernel_pa, PAGE_ALIGN(kernel_map.size));
	memblock_reserve(ALIGN_DOWN(boot_dt.fdt_pa, PAGE_SIZE),
			 PAGE_ALIGN(boot_dt.fdt_pa + boot_dt.fdt_size) - ALIGN_DOWN(boot_dt.fdt_pa, PAGE_SIZE));
	for (int i = 0; i < boot_dt.nr_resv; i++) {
		memblock_reserve(boot_dt.resv[i].base, boot_dt.resv[i].size);
		if (boot_dt.resv[i].nomap)
			memblock_mark_nomap(boot_dt.resv[i].base, boot_dt.resv[i].size);
	}
	/* Until swapper_pg_dir exists only the first 512 GiB are mapped. */
	memblock.current_limit = phys_ram_base + PGDIR_SIZE;
}

/* ---- swapper_pg_dir ---------------------------------------------------------- */

static phys_addr_t boot_pt_alloc(void)
{
	return __pa(memblock_alloc(PAGE_SIZE, PAGE_SIZE));
}

static void map_or_panic(unsigned long va, phys_addr_t pa, unsigned long size,
			 pgprot_t prot, int max_leaf)
{
	if (create_pgd_mapping(swapper_pg_dir, va, pa, size, prot, max_leaf, boot_pt_alloc))
		panic("paging_init: out of memory mapping %#lx", va);
}

/* The image in 4 KiB pages: text RX, rodata R, data and bss RW. Never W+X. */
static void create_kernel_page_table(void)
{
	unsigned long base = kernel_map.virt_addr;
	phys_addr_t pa = kernel_map.phys_addr;
	unsigned long text = _etext - _stext, ro = __end_rodata - __start_rodata;
	unsigned long rw = PAGE_ALIGN(kernel_map.size) - text - ro;

	map_or_panic(base, pa, text, PAGE_KERNEL_EXEC, PT_PTE);
	map_or_panic(base + text, pa + text, ro, PAGE_KERNEL_RO, PT_PTE);
	map_or_panic(base + text + ro, pa + text + ro, rw, PAGE_KERNEL, PT_PTE);
}

/*
 * The linear map: every memblock.memory range except no-map ones, with
 * the largest leaves that fit. The linear alias of the kernel's text and
 * rodata is read-only, so the image cannot be patched through it.
 */
static void create_linear_mapping(void)
{
	phys_addr_t ro_start = kernel_map.phys_addr;
	phys_addr_t ro_end = ro_start + (__end_rodata - _stext);
	struct memblock_region *r;

	for_each_mem_region(r) {
		phys_addr_t s = r->base, e = r->base + r->size;

		if (r->flags & MEMBLOCK_NOMAP)
			continue;
		if (s < ro_end && e > ro_start) {
			if (s < ro_start)
				map_or_panic((unsigned long)__va(s), s, ro_start - s, PAGE_KERNEL, PT_PUD);
			map_or_panic((unsigned long)__va(ro_start), ro_start, ro_end - ro_start,
				     PAGE_KERNEL_RO, PT_PUD);
			s = ro_end;
		}
		if (s < e)
			map_or_panic((unsigned long)__va(s), s, e - s, PAGE_KERNEL, PT_PUD);
	}
}

/* Page tables for the fixmap, so __set_fixmap() never allocates. */
static void create_fixmap_tables(void)
{
	for (unsigned long va = FIXADDR_START; va < FIXADDR_TOP; va += PAGE_SIZE)
		if (!pt_entry(swapper_pg_dir, va, PT_PTE, boot_pt_alloc))
			panic("fixmap: out of memory");
}

void __set_fixmap(enum fixed_addresses idx, phys_addr_t pa, pgprot_t prot)
{
	unsigned long va = fix_to_virt(idx);
	pte_t *pte = pt_entry(swapper_pg_dir, va, PT_PTE, NULL);

	*pte = prot ? pfn_pte(PHYS_PFN(pa), prot) : 0;
	local_flush_tlb_page(va);
}

void paging_init(void)
{
	create_kernel_page_table();
	create_linear_mapping();
	create_fixmap_tables();
	csr_write(satp, SATP_MODE_SV48 | PHYS_PFN(__pa(swapper_pg_dir)));
	local_flush_tlb_all();
	memblock.current_limit = ~0UL;
}

/* mem=SIZE: use only the first SIZE bytes of RAM. */
static int early_mem(char *p)
{
	char *end;
	unsigned long long v = memparse(p, &end);

	if (!*p || *end || v < (16UL << 20))
		return -EINVAL;
	memory_limit = ALIGN(v, PAGE_SIZE);
	return 0;
}
early_param("mem", early_mem);
