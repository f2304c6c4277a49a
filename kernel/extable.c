/*
 * Finding the fixup for a faulting user access (Linux: kernel/extable.c,
 * arch/riscv/mm/extable.c; Linux sorts the table at boot and searches it
 * by bisection, Pagoda's few dozen entries are scanned).
 */
#include "extable.h"

extern const struct exception_table_entry __start___ex_table[], __stop___ex_table[];

static unsigned long ex_insn(const struct exception_table_entry *e)
{
	return (unsigned long)&e->insn + e->insn;
}

static unsigned long ex_fixup(const struct exception_table_entry *e)
{
	return (unsigned long)&e->fixup + e->fixup;
}

const struct exception_table_entry *search_exception_tables(unsigned long addr)
{
	for (const struct exception_table_entry *e = __start___ex_table; e < __stop___ex_table; e++)
		if (ex_insn(e) == addr)
			return e;
	return NULL;
}

bool fixup_exception(struct pt_regs *regs)
{
	const struct exception_table_entry *e = search_exception_tables(regs->epc);

	if (!e)
		return false;
	regs->epc = ex_fixup(e);
	return true;
}
