/*
 * System call numbers, shared by the kernel and user/usys.S.
 *
 * 1..21 are xv6-riscv's numbers, so xv6 user programs run unchanged.
 * Linux's riscv64 numbers are different (asm-generic/unistd.h: read is 63);
 * Pagoda keeps xv6's and adds its own calls from 22 on.
 */
#ifndef _KERNEL_SYSCALL_H
#define _KERNEL_SYSCALL_H

#define SYS_fork    1
#define SYS_exit    2
#define SYS_wait    3
#define SYS_pipe    4
#define SYS_read    5
#define SYS_kill    6
#define SYS_exec    7
#define SYS_fstat   8
#define SYS_chdir   9
#define SYS_dup    10
#define SYS_getpid 11
#define SYS_sbrk   12
#define SYS_sleep  13
#define SYS_uptime 14
#define SYS_open   15
#define SYS_write  16
#define SYS_mknod  17
#define SYS_unlink 18
#define SYS_link   19
#define SYS_mkdir  20
#define SYS_close  21
#define SYS_mmap   22	/* the xv6 mmap lab's calls, with Linux's arguments */
#define SYS_munmap 23
#define SYS_mprotect 24
#define SYS_msync  25
#define SYS_madvise 26
#define SYS_fsync  27
#define SYS_sync   28
#define SYS_reboot 29	/* Linux's arguments: magic, magic2, cmd */
#define SYS_swapon 30
#define SYS_swapoff 31

#define NR_syscalls 32	/* one more than the highest number */

#endif
