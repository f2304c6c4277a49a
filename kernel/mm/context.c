/*
 * Address-space IDs: which ASID each mm runs with (Linux:
 * arch/riscv/mm/context.c, after arch/arm64/mm/context.c).
 *
 * There are far fewer ASIDs (at most 2^16) than address spaces over a
 * long uptime, so they are handed out in generations. A context id is
 * (generation | ASID). Within a generation each mm that runs gets its own
 * ASID from a bitmap; an mm whose id is of an older generation must get a
 * new one before it runs. When the bitmap is full, a rollover starts the
 * next generation: the bitmap is emptied, and every hart must flush its
 * TLB before it next loads an ASID, because the old owners' entries may
 * still be there. A hart does that flush at its next switch_mm()
 * (context_tlb_flush_pending), not at once.
 *
 * Harts keep running across a rollover with the ASID they had, so that
 * ASID must not be handed to anyone else in the new generation: it is
 * copied into reserved_context[cpu] and marked used. If that mm runs
 * again it keeps the same ASID (check_update_reserved_context).
 *
 * ASID 0 is never handed out: it is swapper_pg_dir's, which kernel
 * threads run on. Its user half is empty and its kernel half global, so
 * no TLB entry is ever tagged with ASID 0 that another mm could hit.
 *
 * Locking: context_lock (a spinlock, taken with interrupts off, inside
 * rq_lock when called from the scheduler) protects the bitmap, cur_idx,
 * reserved_context and context_tlb_flush_pending. active_context[cpu] is
 * written by its own hart, and by flush_context() under the lock; the
 * fast path in set_mm_asid() updates it with a cmpxchg, so a rollover
 * racing with it sends it to the slow path.
 */
#include "mm/mmu_context.h"
#include "mm/tlbflush.h"
#include "mm/vmstat.h"
#include "mm/page.h"
#include "mm/pgtable.h"
#include "mm/user.h"
#include "smp.h"
#include "spinlock.h"
#include "bitops.h"
#include "printk.h"
#include "string.h"

bool use_asid_allocator;
unsigned long asid_bits;
unsigned long asid_mask;
static unsigned long num_asids;

static atomic_long_t current_version;		/* the generation, in the bits above the ASID */
static DEFINE_SPINLOCK(context_lock);
static unsigned long context_asid_map[(SATP_ASID_MASK + 1) / BITS_PER_LONG];
static unsigned long cur_idx;			/* where the search for a free ASID resumes */
static atomic_long_t active_context[NR_CPUS];	/* what each hart runs; 0 after a rollover */
static unsigned long reserved_context[NR_CPUS];	/* what it ran at the last rollover */
static unsigned long context_tlb_flush_pending;	/* harts that must flush at their next switch */

static void asid_map_set(unsigned long asid)
{
	context_asid_map[asid / BITS_PER_LONG] |= 1UL << (asid % BITS_PER_LONG);
}

static bool asid_map_test_and_set(unsigned long asid)
{
	bool was = (context_asid_map[asid / BITS_PER_LONG] >> (asid % BITS_PER_LONG)) & 1;

	asid_map_set(asid);
	return was;
}

/* Start a generation: only the ASIDs harts are running with stay taken. */
static void flush_context(void)
{
	memset(context_asid_map, 0, sizeof(context_asid_map));
	asid_map_set(0);	/* swapper_pg_dir's */
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		unsigned long cntx = atomic_long_xchg(&active_context[cpu], 0);

		/*
		 * 0: the hart has not switched since the last rollover, so it
		 * still runs what was reserved for it then.
		 */
		if (!cntx)
			cntx = reserved_context[cpu];
		asid_map_set(cntx2asid(cntx));
		reserved_context[cpu] = cntx;
	}
	context_tlb_flush_pending = (1UL << NR_CPUS) - 1;
}

/*
 * Was cntx running on some hart at the rollover? Then it keeps its ASID:
 * move the reservation to the new generation.
 */
static bool check_update_reserved_context(unsigned long cntx, unsigned long newcntx)
{
	bool hit = false;

	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		if (reserved_context[cpu] == cntx) {
			hit = true;
			reserved_context[cpu] = newcntx;
		}
	}
	return hit;
}

/* A context id of the current generation for mm (context_lock held). */
static unsigned long __new_context(struct mm_struct *mm)
{
	unsigned long cntx = atomic_long_read(&mm->context.id);
	unsigned long ver = atomic_long_read(&current_version);
	unsigned long asid;

	if (cntx) {
		unsigned long newcntx = ver | cntx2asid(cntx);

		if (check_update_reserved_context(cntx, newcntx))
			return newcntx;
		/* Nobody took our old ASID in this generation: have it back. */
		if (!asid_map_test_and_set(cntx2asid(cntx)))
			return newcntx;
	}
	asid = find_next_zero_bit(context_asid_map, num_asids, cur_idx);
	if (asid == num_asids) {
		ver = atomic_long_add_return(num_asids, &current_version);
		flush_context();
		asid = find_next_zero_bit(context_asid_map, num_asids, 1);
	}
	asid_map_set(asid);
	cur_idx = asid;
	return ver | asid;
}

/* Load mm's page table with a valid ASID on this hart (interrupts off). */
static void set_mm_asid(struct mm_struct *mm, int cpu)
{
	unsigned long cntx = atomic_long_read(&mm->context.id);
	unsigned long old_active = atomic_long_read(&active_context[cpu]);
	unsigned long flags;
	bool need_flush = false;

	/*
	 * Fast path, no lock: the mm's ASID is of this generation. If a
	 * rollover zeroed our active_context meanwhile the cmpxchg fails,
	 * and we take the lock to learn what it did.
	 */
	if (old_active && cntx2version(cntx) == (unsigned long)atomic_long_read(&current_version) &&
	    atomic_long_cmpxchg(&active_context[cpu], old_active, cntx) == (long)old_active)
		goto load;

	spin_lock_irqsave(&context_lock, flags);
	cntx = atomic_long_read(&mm->context.id);
	if (cntx2version(cntx) != (unsigned long)atomic_long_read(&current_version)) {
		cntx = __new_context(mm);
		atomic_long_set(&mm->context.id, cntx);
	}
	if (context_tlb_flush_pending & (1UL << cpu)) {
		context_tlb_flush_pending &= ~(1UL << cpu);
		need_flush = true;
	}
	atomic_long_set(&active_context[cpu], cntx);
	spin_unlock_irqrestore(&context_lock, flags);
load:
	csr_write(satp, SATP_MODE_SV48 | (cntx2asid(cntx) << SATP_ASID_SHIFT) |
		  PHYS_PFN(__pa(mm->pgd)));
	if (need_flush) {
		local_flush_tlb_all();
		count_vm_tlb_event(NR_TLB_LOCAL_FLUSH_ALL);
	} else if (__atomic_fetch_and(&mm->context.stale_mask, ~(1UL << cpu),
				      __ATOMIC_SEQ_CST) & (1UL << cpu)) {
		/* A change was made while this hart had the mm switched out. */
		local_flush_tlb_all_asid(cntx2asid(cntx));
		count_vm_tlb_event(NR_TLB_LOCAL_FLUSH_ALL);
	}
}

/* Without ASIDs every mm runs as ASID 0, so the last one's entries must go. */
static void set_mm_noasid(struct mm_struct *mm)
{
	csr_write(satp, SATP_MODE_SV48 | PHYS_PFN(__pa(mm->pgd)));
	local_flush_tlb_all();
	count_vm_tlb_event(NR_TLB_LOCAL_FLUSH_ALL);
}

void switch_mm(struct mm_struct *prev, struct mm_struct *next)
{
	unsigned long flags;
	int cpu;

	if (prev == next)
		return;
	local_irq_save(flags);
	cpu = smp_processor_id();
	/*
	 * Before the satp write: a flusher that changed a PTE and then read
	 * the mask without our bit is ordered before our first walk of the
	 * table, which then sees the change.
	 */
	__atomic_fetch_or(&next->context.cpumask, 1UL << cpu, __ATOMIC_SEQ_CST);
	if (use_asid_allocator) {
		/*
		 * Loaded, then a full fence, then our stale bit: a flusher marks
		 * us stale, fences, then reads loaded_mm. One of us sees the
		 * other's write, so either it interrupts us or we flush here.
		 */
		WRITE_ONCE(this_cpu()->loaded_mm, next);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		set_mm_asid(next, cpu);
	} else {
		set_mm_noasid(next);
		/* The flush dropped prev's entries here: no need to shoot this hart down for it. */
		if (prev)
			__atomic_fetch_and(&prev->context.cpumask, ~(1UL << cpu), __ATOMIC_SEQ_CST);
	}
	local_irq_restore(flags);
}

/*
 * Kernel threads and exiting tasks run on swapper_pg_dir with ASID 0
 * (Linux keeps the last mm loaded instead, its lazy TLB mode). With ASIDs
 * nothing needs flushing: this hart's active_context still names the
 * last user mm, which is harmless (it only keeps that ASID reserved over
 * a rollover). Without ASIDs the last mm's entries are ASID 0 too, so
 * they are flushed as they always were.
 */
void switch_to_kernel_mm(void)
{
	csr_write(satp, SATP_MODE_SV48 | PHYS_PFN(__pa(swapper_pg_dir)));
	WRITE_ONCE(this_cpu()->loaded_mm, NULL);
	if (!use_asid_allocator) {
		local_flush_tlb_all();
		count_vm_tlb_event(NR_TLB_LOCAL_FLUSH_ALL);
	}
}

/*
 * satp's ASID field is WARL: write all ones and the bits that stick are
 * the ones the hart has, from bit 0 up (the privileged spec's ASIDLEN).
 * Run once on the boot hart while it is on swapper_pg_dir; Linux, too,
 * assumes every hart has the same number.
 */
void asids_init(void)
{
	unsigned long old = csr_read(satp), bits;

	csr_write(satp, old | (SATP_ASID_MASK << SATP_ASID_SHIFT));
	bits = (csr_read(satp) >> SATP_ASID_SHIFT) & SATP_ASID_MASK;
	csr_write(satp, old);
	local_flush_tlb_all();
	asid_bits = fls64(bits);
	num_asids = 1UL << asid_bits;
	asid_mask = num_asids - 1;
	/*
	 * A rollover leaves one ASID per hart taken (the one it runs) and
	 * ASID 0, so there must be more than that; Linux asks for twice the
	 * harts so that a generation lasts more than a few switches.
	 */
	if (num_asids > 2 * (unsigned long)nr_cpu_ids) {
		atomic_long_set(&current_version, num_asids);	/* generation 1 */
		asid_map_set(0);
		cur_idx = 1;
		use_asid_allocator = true;
		pr_info("ASID allocator using %lu bits (%lu entries)\n", asid_bits, num_asids);
	} else {
		pr_info("ASID allocator disabled (%lu bits): every switch flushes the TLB\n",
			asid_bits);
	}
}

unsigned long asid_generation(void)
{
	return atomic_long_read(&current_version);
}

void asid_exhaust_for_test(void)
{
	unsigned long flags;

	spin_lock_irqsave(&context_lock, flags);
	memset(context_asid_map, 0xff, sizeof(context_asid_map));
	cur_idx = num_asids;
	spin_unlock_irqrestore(&context_lock, flags);
}
