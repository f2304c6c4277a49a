/*
 * Names newer xv6-riscv programs use (2025: sleep became pause, and sbrk
 * gained a lazy twin), so they compile unchanged. Pagoda's sbrk maps the
 * pages at once, so sbrklazy is not lazy here (Linux's brk only reserves
 * the range, and pages arrive at first touch).
 *
 * Weak, so that a real system call of the same name (generated into
 * usys.S from kernel/syscall.h) replaces the stand-in without a clash.
 */
#include "kernel/types.h"
#include "user/user.h"

__attribute__((weak)) int pause(int ticks)
{
	return sleep(ticks);
}

__attribute__((weak)) char *sbrklazy(int n)
{
	return sbrk(n);
}
