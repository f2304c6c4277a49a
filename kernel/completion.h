/*
 * Waiting for one event, such as a disk request finishing (Linux:
 * include/linux/completion.h). complete() may be called from an interrupt
 * handler; wait_for_completion() sleeps in process context.
 */
#ifndef _KERNEL_COMPLETION_H
#define _KERNEL_COMPLETION_H

#include "spinlock.h"

struct completion {
	unsigned int done;
	spinlock_t lock;
};

void init_completion(struct completion *x);
void complete(struct completion *x);
void wait_for_completion(struct completion *x);
/* Before the scheduler runs (or in a test) a waiter spins with interrupts on. */

#endif
