/*
 * Spinlocks that disable interrupts on this hart while held
 * (Linux's spin_lock_irqsave). xv6 keeps a nesting count per CPU;
 * we follow Linux and let the caller keep the saved flags.
 */
#ifndef _KERNEL_SPINLOCK_H
#define _KERNEL_SPINLOCK_H

#include "types.h"
#include "riscv.h"

typedef struct spinlock {
	volatile unsigned int locked;
	int owner_cpu;		/* for debugging: who holds it, -1 if nobody */
	const char *name;
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(n) { 0, -1, #n }
#define DEFINE_SPINLOCK(n) spinlock_t n = __SPIN_LOCK_UNLOCKED(n)

void spin_lock_init(spinlock_t *lock, const char *name);
void spin_lock_slowpath(spinlock_t *lock);

/* Owner for debugging: read from tp without including smp.h here. */
static inline int __spin_cpu(void)
{
	int *cpu;

	__asm__ __volatile__("mv %0, tp" : "=r"(cpu));
	return *cpu;
}

/*
 * The spinlocks this hart holds: cpu_info's second int, counted so that
 * might_sleep() can tell (Linux counts them in preempt_count). The
 * kernel is not preempted, so a lock is released on the hart that took
 * it, or handed over with the hart itself (sleep(), the scheduler).
 */
static inline int *__spin_held(void)
{
	int *cpu;

	__asm__ __volatile__("mv %0, tp" : "=r"(cpu));
	return cpu + 1;
}

static inline void spin_lock(spinlock_t *lock)
{
	if (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE))
		spin_lock_slowpath(lock);
	lock->owner_cpu = __spin_cpu();
	(*__spin_held())++;
}

static inline bool spin_trylock(spinlock_t *lock)
{
	if (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE))
		return false;
	lock->owner_cpu = __spin_cpu();
	(*__spin_held())++;
	return true;
}

static inline void spin_unlock(spinlock_t *lock)
{
	(*__spin_held())--;
	lock->owner_cpu = -1;
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(spinlock_t *lock)
{
	return READ_ONCE(lock->locked) != 0;
}

#define spin_lock_irqsave(lock, flags) \
	do { local_irq_save(flags); spin_lock(lock); } while (0)
#define spin_unlock_irqrestore(lock, flags) \
	do { spin_unlock(lock); local_irq_restore(flags); } while (0)

#endif
