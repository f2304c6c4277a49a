/*
 * Sleeping locks (Linux: kernel/locking/mutex.c, which adds optimistic
 * spinning and a FIFO wait list with hand-off; xv6: sleeplock.c). See
 * mutex.h for the fast path.
 */
#include "mutex.h"
#include "sched.h"
#include "panic.h"

void mutex_init(struct mutex *lock, const char *name)
{
	lock->locked = 0;
	lock->waiters = 0;
	spin_lock_init(&lock->wait_lock, name);
	lock->owner = NULL;
	lock->name = name;
}

static bool mutex_try_acquire(struct mutex *lock)
{
	int unlocked = 0;

	return __atomic_compare_exchange_n(&lock->locked, &unlocked, 1, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

void mutex_lock(struct mutex *lock)
{
	unsigned long flags;

	might_sleep();
	if (likely(mutex_try_acquire(lock))) {
		lock->owner = current;
		return;
	}
	if (unlikely(lock->owner == current && current))
		panic("mutex %s: recursive lock", lock->name);
	spin_lock_irqsave(&lock->wait_lock, flags);
	lock->waiters++;
	/*
	 * Counted before trying again: an unlock that freed it before we were
	 * counted is seen by this try; one after it sees waiters and wakes us.
	 */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	while (!mutex_try_acquire(lock))
		sleep_uninterruptible(lock, &lock->wait_lock);
	lock->waiters--;
	spin_unlock_irqrestore(&lock->wait_lock, flags);
	lock->owner = current;
}

bool mutex_trylock(struct mutex *lock)
{
	if (!mutex_try_acquire(lock))
		return false;
	lock->owner = current;
	return true;
}

void mutex_unlock(struct mutex *lock)
{
	unsigned long flags;

	if (unlikely(!READ_ONCE(lock->locked)))
		panic("mutex %s: unlock of an unlocked mutex", lock->name);
	lock->owner = NULL;
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!READ_ONCE(lock->waiters))
		return;
	spin_lock_irqsave(&lock->wait_lock, flags);
	wakeup(lock);
	spin_unlock_irqrestore(&lock->wait_lock, flags);
}

bool mutex_is_locked(struct mutex *lock)
{
	return READ_ONCE(lock->locked);
}

bool mutex_is_owner(struct mutex *lock)
{
	return READ_ONCE(lock->locked) && lock->owner == current;
}
