/*
 * Dumping a page table as ranges (Linux: mm/ptdump.c with
 * arch/riscv/mm/ptdump.c, shown in /sys/kernel/debug/kernel_page_tables).
 */
#ifndef _MM_PTDUMP_H
#define _MM_PTDUMP_H

#include "mm/pgtable.h"

/* A run of pages with the same permissions, leaf size and contiguous PAs. */
struct ptdump_range {
	unsigned long start, end;
	phys_addr_t pa;
	pgprot_t prot;
	int level;		/* PT_PUD (1G), PT_PMD (2M) or PT_PTE (4K) */
};

typedef void (*ptdump_note_fn)(const struct ptdump_range *r, void *priv);

/* Calls note() for every range in [start, end) of `pgd`. */
void ptdump_walk_pgd(pgd_t *pgd, unsigned long start, unsigned long end,
		     ptdump_note_fn note, void *priv);
/* Print the kernel half of `pgd` at log level `level`, with region markers. */
void ptdump_show(pgd_t *pgd, int level);
/* Number of W+X pages in the kernel half of swapper_pg_dir; prints the result. */
unsigned long ptdump_check_wx(void);
/* "D A G . . W R V"-style permission string, Linux's format. */
void ptdump_prot_str(pgprot_t prot, char *buf);

#endif
