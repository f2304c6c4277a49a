/*
 * Device register access (Linux: arch/riscv/include/asm/mmio.h, io.h).
 *
 * A device register is not memory: the compiler must not merge, reorder
 * or drop accesses (volatile), and the hart must not reorder them against
 * ordinary memory. readl() is followed by a fence so that a later read of
 * memory (say, a ring the device wrote) sees data at least as new as the
 * register; writel() is preceded by one so that the device, once told,
 * sees memory we wrote before (say, a descriptor). Linux's names, Linux's
 * fences ("fence i,r" after a read, "fence w,o" before a write).
 */
#ifndef _KERNEL_IO_H
#define _KERNEL_IO_H

#include "types.h"

#define __iomem		/* marks a device address (Linux's sparse annotation) */

static inline u8 readb(const volatile void __iomem *addr)
{
	u8 v = *(const volatile u8 *)addr;

	__asm__ __volatile__("fence i,r" ::: "memory");
	return v;
}

static inline u32 readl(const volatile void __iomem *addr)
{
	u32 v = *(const volatile u32 *)addr;

	__asm__ __volatile__("fence i,r" ::: "memory");
	return v;
}

static inline void writeb(u8 v, volatile void __iomem *addr)
{
	__asm__ __volatile__("fence w,o" ::: "memory");
	*(volatile u8 *)addr = v;
}

static inline void writel(u32 v, volatile void __iomem *addr)
{
	__asm__ __volatile__("fence w,o" ::: "memory");
	*(volatile u32 *)addr = v;
}

#endif
