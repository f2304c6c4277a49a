/*
 * Sleeping locks (Linux: kernel/locking/mutex.c, which adds optimistic
 * spinning and a FIFO wait list with hand-off; xv6: sleeplock.c).
 */
#include "mutex.h"
#include "sched.h"
#include "panic.h"

void mutex_init(struct mutex *lock, const char *name)
{
	lock->locked = false;
	spin_lock_init(&lock->wait_lock, name);
	lock->owner = NULL;
	lock->name = name;
}

void mutex_lock(struct mutex *lock)
{
	unsigned long flags;

	spin_lock_irqsave(&lock->wait_lock, flags);
	while (lock->locked) {
		if (unlikely(lock->owner == current && current))
			panic("mutex %s: recursive lock", lock->name);
		sleep_uninterruptible(lock, &lock->wait_lock);
	}
	lock->locked = true;
	lock->owner = current;
	spin_unlock_irqrestore(&lock->wait_lock, flags);
}

bool mutex_trylock(struct mutex *lock)
{
	unsigned long flags;
	bool got = false;

	spin_lock_irqsave(&lock->wait_lock, flags);
	if (!lock->locked) {
		lock->locked = true;
		lock->owner = current;
		got = true;
	}
	spin_unlock_irqrestore(&lock->wait_lock, flags);
	return got;
}

void mutex_unlock(struct mutex *lock)
{
	unsigned long flags;

	spin_lock_irqsave(&lock->wait_lock, flags);
	if (unlikely(!lock->locked))
		panic("mutex %s: unlock of an unlocked mutex", lock->name);
	lock->locked = false;
	lock->owner = NULL;
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
