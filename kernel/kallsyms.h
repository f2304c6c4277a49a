/* Function names for code addresses (Linux: include/linux/kallsyms.h). */
#ifndef _KERNEL_KALLSYMS_H
#define _KERNEL_KALLSYMS_H

#include "types.h"

/* Writes "name+0xoff/0xsize" (or the bare address) into buf. */
int sprint_symbol(char *buf, size_t size, unsigned long addr);
const char *kallsyms_lookup(unsigned long addr, unsigned long *size,
			    unsigned long *offset);

#endif
