/*
 * Fixed virtual addresses for a few MMIO pages needed before ioremap()
 * works (Linux: arch/riscv/include/asm/fixmap.h).
 */
#ifndef _MM_FIXMAP_H
#define _MM_FIXMAP_H

#include "mm/pgtable.h"

enum fixed_addresses {
	FIX_HOLE,
	FIX_EARLYCON_MEM_BASE,	/* the UART */
	FIX_TEST_DEV,		/* QEMU's sifive,test power-off/exit device */
	__end_of_fixed_addresses
};

static inline unsigned long fix_to_virt(enum fixed_addresses idx)
{
	return FIXADDR_TOP - ((unsigned long)idx << PAGE_SHIFT);
}

void __set_fixmap(enum fixed_addresses idx, phys_addr_t pa, pgprot_t prot);

/* Map the page holding `pa`; returns the virtual address of `pa` itself. */
static inline void *set_fixmap_io(enum fixed_addresses idx, phys_addr_t pa)
{
	__set_fixmap(idx, ALIGN_DOWN(pa, PAGE_SIZE), PAGE_KERNEL_IO);
	return (void *)(fix_to_virt(idx) + (pa & (PAGE_SIZE - 1)));
}

#endif
