/*
 * The OOM killer (Linux: include/linux/oom.h).
 */
#ifndef _MM_OOM_H
#define _MM_OOM_H

#include "types.h"
#include "mm/gfp.h"
#include "mutex.h"

#define OOM_SCORE_ADJ_MIN (-1000)	/* never chosen */
#define OOM_SCORE_ADJ_MAX 1000		/* always chosen first */

struct task_struct;

/* What an out_of_memory() call is about (Linux: struct oom_control). */
struct oom_control {
	gfp_t gfp_mask;
	int order;
	unsigned long totalpages;	/* RAM + swap, what badness is measured against */
	struct task_struct *chosen;
	long chosen_points;
};

/* Serialises OOM kills: one victim chosen at a time. */
extern struct mutex oom_lock;

/*
 * Nothing could be reclaimed: kill the process whose death frees the
 * most, and reap its memory. True if that made (or will make) progress:
 * a victim was killed now or is still dying. oom_lock held.
 */
bool out_of_memory(struct oom_control *oc);
/*
 * How much killing p would free, in pages, plus its oom_score_adj's
 * share; LONG_MIN if never (tasklist_lock held: p->mm stays).
 */
long oom_badness(struct task_struct *p, unsigned long totalpages);
/* /proc/PID/oom_score: badness on a 0..2000 scale (tasklist_lock held). */
unsigned long oom_score(struct task_struct *p);

#endif
