/*
 * Page size and the translations between the kernel's virtual addresses
 * and physical addresses (Linux: arch/riscv/include/asm/page.h).
 *
 * Two kernel mappings of RAM exist: the linear (direct) map at PAGE_OFFSET
 * covers all of RAM, and the kernel image map in the top 2 GiB covers the
 * image. __pa() accepts either; __va() always returns a linear-map address.
 */
#ifndef _MM_PAGE_H
#define _MM_PAGE_H

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

/* Sv48 kernel layout, as in Linux's Documentation/arch/riscv/vm-layout.rst */
#define FIXADDR_START    0xffff8d7ffee00000UL	/* 2 MiB fixmap */
#define FIXADDR_TOP      0xffff8d7fff000000UL
#define VMEMMAP_START    0xffff8d8000000000UL	/* 2 TiB of struct page */
#define VMEMMAP_END      0xffff8f8000000000UL
#define VMALLOC_START    0xffff8f8000000000UL	/* 32 TiB vmalloc/ioremap */
#define VMALLOC_END      0xffffaf8000000000UL
#define PAGE_OFFSET      0xffffaf8000000000UL	/* 64 TiB linear map */
#define LINEAR_MAP_END   0xffffef8000000000UL
#define MODULES_VADDR    0xffffffff00000000UL
#define KERNEL_LINK_ADDR 0xffffffff80000000UL
#define TASK_SIZE        0x0000800000000000UL	/* user space: below 2^47 */

#ifndef __ASSEMBLY__
#include "types.h"

struct kernel_mapping {
	unsigned long virt_addr;	/* KERNEL_LINK_ADDR */
	phys_addr_t phys_addr;		/* where QEMU loaded the image */
	unsigned long size;
	unsigned long va_pa_offset;	/* linear map: va = pa + this */
	unsigned long va_kernel_pa_offset; /* image map: va = pa + this */
};

extern struct kernel_mapping kernel_map;
extern phys_addr_t phys_ram_base;	/* start of RAM, 1 GiB aligned */

static inline void *__va(phys_addr_t pa)
{
	return (void *)(pa + kernel_map.va_pa_offset);
}

static inline phys_addr_t __pa(const void *va)
{
	unsigned long v = (unsigned long)va;

	if (v >= kernel_map.virt_addr)
		return v - kernel_map.va_kernel_pa_offset;
	return v - kernel_map.va_pa_offset;
}

#define PFN_DOWN(x) ((x) >> PAGE_SHIFT)
#define PFN_UP(x) (((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_PHYS(pfn) ((phys_addr_t)(pfn) << PAGE_SHIFT)
#define PHYS_PFN(pa) ((unsigned long)((pa) >> PAGE_SHIFT))
#define PAGE_ALIGN(x) ALIGN(x, PAGE_SIZE)

static inline unsigned long virt_to_pfn(const void *va)
{
	return PHYS_PFN(__pa(va));
}

static inline void *pfn_to_virt(unsigned long pfn)
{
	return __va(PFN_PHYS(pfn));
}

/* Is `va` in the linear map (and so convertible with virt_to_page)? */
static inline bool virt_addr_valid(const void *va)
{
	unsigned long v = (unsigned long)va;

	return v >= PAGE_OFFSET && v < LINEAR_MAP_END;
}

#endif
#endif
