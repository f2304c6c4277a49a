/*
 * Test-and-set spinlocks on the RISC-V atomic swap instruction
 * (Linux's arch/riscv/include/asm/spinlock.h uses ticket or qspinlocks).
 */
#include "spinlock.h"

void spin_lock_init(spinlock_t *lock, const char *name)
{
	lock->locked = 0;
	lock->owner_cpu = -1;
	lock->name = name;
}

/* Contended: wait reading, not swapping, so the waiters do not hammer the line. */
void spin_lock_slowpath(spinlock_t *lock)
{
	do {
		while (READ_ONCE(lock->locked))
			cpu_relax();
	} while (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE));
}
