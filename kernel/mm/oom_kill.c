/*
 * The OOM killer (Linux: mm/oom_kill.c).
 *
 * When reclaim has nothing left to give and an allocation still cannot
 * be met, a process is killed to free memory: the one whose death frees
 * the most, by oom_badness() - its resident pages, its swap entries and
 * its page tables - shifted by its oom_score_adj (-1000 never, +1000
 * first). Kernel threads and init are never chosen. The victim's
 * private memory is taken at once (the OOM reaper's work), so its
 * memory comes back even before it gets to run and exit.
 *
 * Linux also scopes the choice to a memory cgroup or a cpuset, kills
 * every process sharing the victim's mm, panics if asked to
 * (panic_on_oom), and reaps under the mmap lock's read side, which a
 * faulting victim shares; Pagoda's mmap lock is a mutex, so the reaper
 * waits until the victim's fault is over.
 */
#include "mm/oom.h"
#include "mm/user.h"
#include "mm/swap.h"
#include "mm/vmstat.h"
#include "mm/mm.h"
#include "sched.h"
#include "timer.h"
#include "printk.h"
#include "string.h"
#include "init.h"

DEFINE_MUTEX(oom_lock);

/* The reaper tries a victim's mmap lock this often, this far apart, then gives up on it. */
#define MAX_OOM_REAP_RETRIES 10
#define OOM_REAP_INTERVAL (HZ / 10)

static bool oom_unkillable_task(struct task_struct *p)
{
	return (p->flags & PF_KTHREAD) || p == init_task_user || !p->mm;
}

long oom_badness(struct task_struct *p, unsigned long totalpages)
{
	struct mm_struct *mm = p->mm;
	long points, adj = p->oom_score_adj;

	if (oom_unkillable_task(p) || adj == OOM_SCORE_ADJ_MIN || mm->oom_skip)
		return LONG_MIN;
	points = get_mm_rss(mm) + get_mm_counter(mm, MM_SWAPENTS) +
		 atomic_long_read(&mm->pgtables_bytes) / PAGE_SIZE;
	/* Each point of adj is worth a thousandth of all memory. */
	return points + adj * (long)(totalpages / 1000);
}

static unsigned long oom_totalpages(void)
{
	return totalram_pages() + total_swap_pages;
}

unsigned long oom_score(struct task_struct *p)
{
	unsigned long totalpages = oom_totalpages();
	long badness = oom_badness(p, totalpages);

	if (badness == LONG_MIN)
		return 0;
	/* Linux's scale: 1000 is adj 0 with no memory, 2000 everything. */
	badness = 1000 + badness * 1000 / (long)totalpages;
	return badness < 0 ? 0 : badness > 2000 ? 2000 : badness;
}

/*
 * Choose the victim, under tasklist_lock. False means wait: an earlier
 * victim is still dying and its memory will come back.
 */
static bool select_bad_process(struct oom_control *oc)
{
	struct task_struct *p;

	oc->chosen = NULL;
	oc->chosen_points = LONG_MIN;
	list_for_each_entry(p, &task_list, tasks) {
		long points;

		if (oom_unkillable_task(p))
			continue;
		/* A victim not yet reaped (nor given up on) will free memory soon. */
		if (p->oom_victim && !p->mm->oom_skip)
			return false;
		/* A swapoff filling memory from swap is what to stop (Linux: oom_task_origin). */
		points = p->oom_origin ? LONG_MAX : oom_badness(p, oc->totalpages);
		if (points == LONG_MIN || points < oc->chosen_points)
			continue;
		oc->chosen = p;
		oc->chosen_points = points;
	}
	return true;
}

/* The candidates, as Linux's dump_tasks prints them (memory in pages). */
static void dump_tasks(void)
{
	struct task_struct *p;

	pr_info("Tasks state (memory values in pages):\n");
	pr_info("[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name\n");
	list_for_each_entry(p, &task_list, tasks) {
		struct mm_struct *mm = p->mm;

		if (oom_unkillable_task(p))
			continue;
		pr_info("[%7d] %5d %5d %8lu %8lu %14ld %8lu %13d %s\n", p->pid, 0, p->pid,
			mm->total_vm, get_mm_rss(mm), atomic_long_read(&mm->pgtables_bytes),
			get_mm_counter(mm, MM_SWAPENTS), p->oom_score_adj, p->comm);
	}
}

static void dump_header(struct oom_control *oc)
{
	unsigned long swap_total, swap_free;

	pr_warn("%s invoked oom-killer: gfp_mask=%#x, order=%d, oom_score_adj=%d\n",
		current ? current->comm : "?", oc->gfp_mask, oc->order,
		current ? current->oom_score_adj : 0);
	si_swapinfo(&swap_total, &swap_free);
	pr_info("Mem-Info: free:%lu active_anon:%lu inactive_anon:%lu active_file:%lu "
		"inactive_file:%lu unevictable:%lu swap_free:%lukB/%lukB\n",
		global_zone_page_state(NR_FREE_PAGES), global_node_page_state(NR_ACTIVE_ANON),
		global_node_page_state(NR_INACTIVE_ANON), global_node_page_state(NR_ACTIVE_FILE),
		global_node_page_state(NR_INACTIVE_FILE), global_node_page_state(NR_UNEVICTABLE),
		swap_free << (PAGE_SHIFT - 10), swap_total << (PAGE_SHIFT - 10));
	dump_tasks();
}

#define K(pages) ((pages) << (PAGE_SHIFT - 10))

/* ---- the OOM reaper ---------------------------------------------------------- */

/* Victims' mms waiting to be reaped (Linux: oom_reaper_list), linked by oom_reap_next. */
static DEFINE_SPINLOCK(oom_reaper_lock);
static struct mm_struct *oom_reaper_list;
static struct task_struct *oom_reaper_th;

/*
 * Take a victim's private memory: its anonymous and private file pages
 * and its swap entries, without waiting for it to run and exit (Linux:
 * __oom_reap_task_mm). False if its mmap lock is busy: a fault or an
 * mmap call is in progress. The reaper is a user of the mm only while it
 * zaps (Linux serialises with exit_mmap through mmap_lock instead): an mm
 * whose last user is gone has been freed by exit already.
 */
static bool oom_reap_task_mm(struct mm_struct *mm)
{
	struct vm_area_struct *vma;

	if (!mmget_not_zero(mm))
		return true;
	if (!mutex_trylock(&mm->mmap_lock)) {
		mmput(mm);
		return false;
	}
	list_for_each_entry(vma, &mm->mmap, vm_list)
		if (!(vma->vm_flags & VM_SHARED))
			zap_page_range(vma, vma->vm_start, vma->vm_end);
	mmap_write_unlock(mm);
	pr_info("oom_reaper: reaped process %d (%s), now anon-rss:%lukB, file-rss:%lukB, "
		"shmem-rss:%lukB\n", mm->oom_pid, mm->oom_comm, K(get_mm_counter(mm, MM_ANONPAGES)),
		K(get_mm_counter(mm, MM_FILEPAGES)), K(get_mm_counter(mm, MM_SHMEMPAGES)));
	mmput(mm);	/* the victim's exit may have come meanwhile: then this frees it */
	return true;
}

static void sleep_ticks(unsigned long ticks)
{
	unsigned long flags, start;

	spin_lock_irqsave(&tickslock, flags);
	start = jiffies;
	while (jiffies - start < ticks)
		sleep_uninterruptible((void *)&jiffies, &tickslock);
	spin_unlock_irqrestore(&tickslock, flags);
}

/* Reap, retrying a busy lock; then the OOM killer may look past this mm either way. */
static void oom_reap_task(struct mm_struct *mm)
{
	int attempts = 0;

	while (!oom_reap_task_mm(mm) && ++attempts < MAX_OOM_REAP_RETRIES)
		sleep_ticks(OOM_REAP_INTERVAL);
	if (attempts == MAX_OOM_REAP_RETRIES)
		pr_info("oom_reaper: unable to reap pid:%d (%s)\n", mm->oom_pid, mm->oom_comm);
	WRITE_ONCE(mm->oom_skip, true);
	mmdrop(mm);
}

static int oom_reaper(void *arg)
{
	for (;;) {
		struct mm_struct *mm;
		unsigned long flags;

		spin_lock_irqsave(&oom_reaper_lock, flags);
		while (!oom_reaper_list)
			sleep_uninterruptible(&oom_reaper_list, &oom_reaper_lock);
		mm = oom_reaper_list;
		oom_reaper_list = mm->oom_reap_next;
		spin_unlock_irqrestore(&oom_reaper_lock, flags);
		oom_reap_task(mm);
	}
	return 0;
}

/* Hand a victim's mm (grabbed: mm_count) to the reaper. */
static void queue_oom_reaper(struct mm_struct *mm)
{
	unsigned long flags;

	if (!READ_ONCE(oom_reaper_th)) {
		WRITE_ONCE(mm->oom_skip, true);	/* no reaper yet: the victim frees it by exiting */
		mmdrop(mm);
		return;
	}
	spin_lock_irqsave(&oom_reaper_lock, flags);
	mm->oom_reap_next = oom_reaper_list;
	oom_reaper_list = mm;
	wakeup(&oom_reaper_list);
	spin_unlock_irqrestore(&oom_reaper_lock, flags);
}

static int oom_init(void)
{
	WRITE_ONCE(oom_reaper_th, kthread_run(oom_reaper, NULL, "oom_reaper"));
	return 0;
}
late_initcall(oom_init);

/* ---- killing ------------------------------------------------------------------- */

/*
 * Kill the chosen task (tasklist_lock held); returns its mm to reap,
 * grabbed but not used: the victim's own exit frees the memory at once
 * if it gets there first (Linux: mmgrab in mark_oom_victim).
 */
static struct mm_struct *oom_kill_process(struct oom_control *oc)
{
	struct task_struct *victim = oc->chosen;
	struct mm_struct *mm = victim->mm;

	victim->oom_victim = true;
	signal_wake_up(victim);
	count_vm_event(OOM_KILL);
	pr_err("Out of memory: Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB, "
	       "file-rss:%lukB, shmem-rss:%lukB, UID:0 pgtables:%ldkB oom_score_adj:%d\n",
	       victim->pid, victim->comm, K(mm->total_vm), K(get_mm_counter(mm, MM_ANONPAGES)),
	       K(get_mm_counter(mm, MM_FILEPAGES)), K(get_mm_counter(mm, MM_SHMEMPAGES)),
	       atomic_long_read(&mm->pgtables_bytes) >> 10, victim->oom_score_adj);
	mm->oom_pid = victim->pid;
	memcpy(mm->oom_comm, victim->comm, TASK_COMM_LEN);
	mmgrab(mm);	/* victim->mm is set: exit_mm has not dropped its user yet */
	return mm;
}

bool out_of_memory(struct oom_control *oc)
{
	struct mm_struct *reap = NULL;
	unsigned long flags;
	bool progress = true;

	/* A dying task gets the reserves to finish dying; killing more would not help. */
	if (current && fatal_signal_pending(current))
		return true;
	oc->totalpages = oom_totalpages();
	spin_lock_irqsave(&tasklist_lock, flags);
	if (!select_bad_process(oc)) {
		spin_unlock_irqrestore(&tasklist_lock, flags);
		return true;	/* the last victim is still going */
	}
	if (oc->chosen) {
		dump_header(oc);
		reap = oom_kill_process(oc);
	} else {
		progress = false;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (!progress) {
		pr_err("Out of memory and no killable processes...\n");
		return false;
	}
	if (reap)
		queue_oom_reaper(reap);
	return true;
}
