/*
 * Names newer xv6-riscv programs use (2025: sleep became pause, and sbrk
 * gained a lazy twin), so they compile unchanged. Pagoda's sbrk is lazy
 * already, as Linux's brk is (it only moves the end of the heap VMA, and
 * pages arrive at first touch), so sbrklazy is sbrk.
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
