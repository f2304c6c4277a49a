/*
 * The system call table (Linux: arch/riscv/kernel/syscall_table.c).
 *
 * a7 holds the number, a0..a5 the arguments; the result goes back in a0.
 * Every entry is called with six argument registers: the calling
 * convention passes integer and pointer arguments in the same registers,
 * so a function taking fewer simply ignores the rest (Linux generates
 * typed wrappers with SYSCALL_DEFINEn to the same effect).
 */
#include "syscall_table.h"
#include "syscall.h"
#include "syscalls.h"
#include "errno.h"
#include "types.h"

typedef long (*syscall_fn_t)(unsigned long, unsigned long, unsigned long,
			     unsigned long, unsigned long, unsigned long);

#define SYSCALL(nr, fn) [nr] = { (syscall_fn_t)(void *)fn, #fn + 4 }

static const struct {
	syscall_fn_t fn;
	const char *name;
} sys_call_table[NR_syscalls] = {
	SYSCALL(SYS_fork, sys_fork),
	SYSCALL(SYS_exit, sys_exit),
	SYSCALL(SYS_wait, sys_wait),
	SYSCALL(SYS_pipe, sys_pipe),
	SYSCALL(SYS_read, sys_read),
	SYSCALL(SYS_kill, sys_kill),
	SYSCALL(SYS_exec, sys_exec),
	SYSCALL(SYS_fstat, sys_fstat),
	SYSCALL(SYS_chdir, sys_chdir),
	SYSCALL(SYS_dup, sys_dup),
	SYSCALL(SYS_getpid, sys_getpid),
	SYSCALL(SYS_sbrk, sys_sbrk),
	SYSCALL(SYS_sleep, sys_sleep),
	SYSCALL(SYS_uptime, sys_uptime),
	SYSCALL(SYS_open, sys_open),
	SYSCALL(SYS_write, sys_write),
	SYSCALL(SYS_mknod, sys_mknod),
	SYSCALL(SYS_unlink, sys_unlink),
	SYSCALL(SYS_link, sys_link),
	SYSCALL(SYS_mkdir, sys_mkdir),
	SYSCALL(SYS_close, sys_close),
	SYSCALL(SYS_mmap, sys_mmap),
	SYSCALL(SYS_munmap, sys_munmap),
	SYSCALL(SYS_mprotect, sys_mprotect),
	SYSCALL(SYS_msync, sys_msync),
	SYSCALL(SYS_madvise, sys_madvise),
	SYSCALL(SYS_fsync, sys_fsync),
	SYSCALL(SYS_sync, sys_sync),
	SYSCALL(SYS_reboot, sys_reboot),
	SYSCALL(SYS_swapon, sys_swapon),
	SYSCALL(SYS_swapoff, sys_swapoff),
};

void do_syscall(struct pt_regs *regs)
{
	unsigned long nr = regs->a7;
	long ret = -ENOSYS;

	if (nr < NR_syscalls && sys_call_table[nr].fn)
		ret = sys_call_table[nr].fn(regs->a0, regs->a1, regs->a2,
					    regs->a3, regs->a4, regs->a5);
	regs->a0 = ret;
}

const char *syscall_name(unsigned long nr)
{
	return nr < NR_syscalls ? sys_call_table[nr].name : NULL;
}
