/*
 * Test-and-set spinlocks on the RISC-V atomic swap instruction
 * (Linux's arch/riscv/include/asm/spinlock.h uses ticket or qspinlocks).
 */
#include "spinlock.h"
#include "smp.h"
#include "printk.h"

void spin_lock_init(spinlock_t *lock, const char *name)
{
	lock->locked = 0;
	lock->owner_cpu = -1;
	lock->name = name;
}

void spin_lock(spinlock_t *lock)
{
	while (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE)) {
		while (READ_ONCE(lock->locked))
			cpu_relax();
	}
	lock->owner_cpu = smp_processor_id();
}

bool spin_trylock(spinlock_t *lock)
{
	if (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE))
		return false;
	lock->owner_cpu = smp_processor_id();
	return true;
}

void spin_unlock(spinlock_t *lock)
{
	lock->owner_cpu = -1;
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}

bool spin_is_locked(spinlock_t *lock)
{
	return READ_ONCE(lock->locked) != 0;
}
