/*
 * Sleeping locks (Linux: include/linux/mutex.h; xv6: sleeplock.h). A task
 * that finds the mutex held sleeps instead of spinning, so it may be held
 * across disk I/O. Only process context may take one.
 */
#ifndef _KERNEL_MUTEX_H
#define _KERNEL_MUTEX_H

#include "spinlock.h"

struct task_struct;

/*
 * locked is taken with one compare-and-swap when it is free (the fast
 * path, no lock); only a task that must wait takes wait_lock, counts
 * itself in waiters and sleeps, and only an unlock that sees waiters
 * takes wait_lock to wake them (Linux: the owner word's fast path, and
 * MUTEX_FLAG_WAITERS).
 */
struct mutex {
	int locked;			/* 0 or 1, changed only by compare-and-swap or release */
	int waiters;			/* tasks asleep on it; under wait_lock */
	spinlock_t wait_lock;
	struct task_struct *owner;
	const char *name;
};

#define __MUTEX_INITIALIZER(n) { 0, 0, __SPIN_LOCK_UNLOCKED(n.wait_lock), NULL, #n }
#define DEFINE_MUTEX(n) struct mutex n = __MUTEX_INITIALIZER(n)

void mutex_init(struct mutex *lock, const char *name);
void mutex_lock(struct mutex *lock);
bool mutex_trylock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);
/* True if the calling task holds it (xv6's holdingsleep). */
bool mutex_is_owner(struct mutex *lock);
bool mutex_is_locked(struct mutex *lock);

#endif
