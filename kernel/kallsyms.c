/*
 * Address to function name, from the table that scripts/kallsyms.py
 * builds at link time (Linux: kernel/kallsyms.c, which also compresses
 * the names).
 */
#include "kallsyms.h"
#include "printk.h"

extern const unsigned long kallsyms_num;
extern const unsigned long kallsyms_addresses[];
extern const char *const kallsyms_names[];
extern char _stext[], _etext[];

const char *kallsyms_lookup(unsigned long addr, unsigned long *size,
			    unsigned long *offset)
{
	unsigned long lo = 0, hi = kallsyms_num;

	if (addr < (unsigned long)_stext || addr >= (unsigned long)_etext || !hi)
		return NULL;
	while (hi - lo > 1) {	/* last symbol at or below addr */
		unsigned long mid = (lo + hi) / 2;

		if (kallsyms_addresses[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (kallsyms_addresses[lo] > addr)
		return NULL;
	*offset = addr - kallsyms_addresses[lo];
	*size = (lo + 1 < kallsyms_num ? kallsyms_addresses[lo + 1]
		 : (unsigned long)_etext) - kallsyms_addresses[lo];
	return kallsyms_names[lo];
}

int sprint_symbol(char *buf, size_t size, unsigned long addr)
{
	unsigned long symsize, off;
	const char *name = kallsyms_lookup(addr, &symsize, &off);

	if (!name)
		return snprintf(buf, size, "0x%lx", addr);
	return snprintf(buf, size, "%s+0x%lx/0x%lx", name, off, symsize);
}
