/*
 * The exception table (Linux: arch/riscv/include/asm/extable.h,
 * arch/riscv/mm/extable.c). Every instruction that may fault on a user
 * address (in lib/uaccess.S) has an entry naming where to continue if it
 * does. Entries hold 32-bit offsets relative to themselves, as Linux's do.
 */
#ifndef _KERNEL_EXTABLE_H
#define _KERNEL_EXTABLE_H

#include "types.h"
#include "ptrace.h"

struct exception_table_entry {
	int insn, fixup;
};

/* If regs->epc has an entry, continue at its fixup and return true. */
bool fixup_exception(struct pt_regs *regs);
const struct exception_table_entry *search_exception_tables(unsigned long addr);

#endif
