/*
 * Completions (Linux: kernel/sched/completion.c, built on a wait queue;
 * Pagoda's on sleep/wakeup). Before the scheduler runs there is no task
 * to put to sleep, so an early waiter spins with interrupts on.
 */
#include "completion.h"
#include "sched.h"
#include "riscv.h"

void init_completion(struct completion *x)
{
	x->done = 0;
	spin_lock_init(&x->lock, "completion");
}

void complete(struct completion *x)
{
	unsigned long flags;

	spin_lock_irqsave(&x->lock, flags);
	x->done++;
	wakeup(x);
	spin_unlock_irqrestore(&x->lock, flags);
}

void wait_for_completion(struct completion *x)
{
	unsigned long flags;

	if (!current) {
		while (!READ_ONCE(x->done))
			cpu_relax();
		spin_lock_irqsave(&x->lock, flags);
		x->done--;
		spin_unlock_irqrestore(&x->lock, flags);
		return;
	}
	spin_lock_irqsave(&x->lock, flags);
	while (!x->done)
		sleep_uninterruptible(x, &x->lock);
	x->done--;
	spin_unlock_irqrestore(&x->lock, flags);
}
