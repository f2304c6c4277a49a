/* System call dispatch (Linux: arch/riscv/kernel/syscall_table.c, traps.c do_trap_ecall_u). */
#ifndef _KERNEL_SYSCALL_TABLE_H
#define _KERNEL_SYSCALL_TABLE_H

#include "ptrace.h"

void do_syscall(struct pt_regs *regs);
/* The name of a system call, for traces ("read"), or NULL. */
const char *syscall_name(unsigned long nr);

#endif
