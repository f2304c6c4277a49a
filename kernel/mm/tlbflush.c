/*
 * TLB shootdown: flushing a page-table change out of every hart that may
 * have cached it (Linux: arch/riscv/mm/tlbflush.c).
 *
 * Other harts are reached through the SBI RFENCE extension: the firmware
 * interrupts them in M-mode, runs sfence.vma there and returns when all
 * are done. Linux can also send IPIs of its own; Pagoda's cross-CPU calls
 * (on_each_cpu in smp.c) run only when the other hart reaches its idle
 * loop or the way back to user mode, so a hart busy in the kernel would
 * keep the flusher waiting. The M-mode interrupt is not masked by the
 * supervisor's interrupt-enable bit, so RFENCE never waits on that.
 *
 * The other hart's kernel never sees the request, so the sender counts
 * nr_tlb_remote_flush_received for it (Linux counts on the receiver).
 *
 * Only harts running the mm at the moment are interrupted; the others
 * that ran it before are marked stale and flush at their next switch to
 * it (harts_running(), and the stale_mask in mm/mmu.h).
 */
#include "mm/tlbflush.h"
#include "mm/mmu_context.h"
#include "mm/vmstat.h"
#include "mm/page.h"
#include "sbi.h"
#include "smp.h"

/*
 * Past this many pages one flush of the whole ASID is cheaper than page
 * by page, and the firmware's loop on each other hart is shorter too
 * (Linux: tlb_flush_all_threshold, also 64).
 */
static unsigned long tlb_flush_all_threshold = 64;

#define FLUSH_TLB_MAX_SIZE (~0UL)	/* SBI: a size of all ones is "everything" */

static unsigned long popcount(unsigned long x)
{
	unsigned long n = 0;

	for (; x; x &= x - 1)
		n++;
	return n;
}

/* Tell the other harts in `cpus` (not this one) to flush; count it. */
static void remote_flush(unsigned long cpus, unsigned long start, unsigned long size,
			 unsigned long asid, bool global)
{
	if (!cpus)
		return;
	if (global)
		sbi_remote_sfence_vma(cpumask_to_hartmask(cpus), 0, start, size);
	else
		sbi_remote_sfence_vma_asid(cpumask_to_hartmask(cpus), 0, start, size, asid);
	count_vm_tlb_event(NR_TLB_REMOTE_FLUSH);
	count_vm_tlb_events(NR_TLB_REMOTE_FLUSH_RECEIVED, popcount(cpus));
}

/* The ASID mm's entries are tagged with; without the allocator all are 0. */
static unsigned long get_mm_asid(struct mm_struct *mm)
{
	return use_asid_allocator ? cntx2asid(atomic_long_read(&mm->context.id)) : 0;
}

/*
 * Of the other harts in cpus, those running mm right now: only they are
 * interrupted. Every one of them is marked stale first, so one that is
 * not running mm flushes the ASID when it next switches to it (a single-
 * threaded process, the usual case, costs no remote flush at all).
 */
static unsigned long harts_running(struct mm_struct *mm, unsigned long cpus, int me)
{
	unsigned long others = cpus & ~(1UL << me), running = 0;

	if (!others)
		return cpus;
	__atomic_fetch_or(&mm->context.stale_mask, others, __ATOMIC_SEQ_CST);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);	/* pairs with switch_mm()'s */
	for (int cpu = 0; cpu < nr_cpu_ids; cpu++)
		if ((others & (1UL << cpu)) && READ_ONCE(cpu_info[cpu].loaded_mm) == mm)
			running |= 1UL << cpu;
	return (cpus & (1UL << me)) | running;
}

void flush_tlb_mm_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	unsigned long size = end - start, cpus, asid, flags;
	bool whole = size == FLUSH_TLB_MAX_SIZE ||
		     size / PAGE_SIZE > tlb_flush_all_threshold;
	int cpu;

	if (!whole) {
		start &= PAGE_MASK;
		end = PAGE_ALIGN(end);
		size = end - start;
	}
	/* Our PTE stores before we read who may hold the old ones (see switch_mm). */
	mb();
	/* Interrupts off keeps us on this hart between the look and the flush (Linux: get_cpu). */
	local_irq_save(flags);
	cpu = smp_processor_id();
	cpus = mm_cpumask(mm);
	asid = get_mm_asid(mm);
	if (use_asid_allocator)
		cpus = harts_running(mm, cpus, cpu);
	if (cpus & (1UL << cpu)) {
		if (whole) {
			local_flush_tlb_all_asid(asid);
			count_vm_tlb_event(NR_TLB_LOCAL_FLUSH_ALL);
		} else {
			for (unsigned long va = start; va < end; va += PAGE_SIZE)
				local_flush_tlb_page_asid(va, asid);
			count_vm_tlb_events(NR_TLB_LOCAL_FLUSH_ONE, size / PAGE_SIZE);
		}
	}
	remote_flush(cpus & cpu_online_mask() & ~(1UL << cpu), whole ? 0 : start,
		     whole ? FLUSH_TLB_MAX_SIZE : size, asid, false);
	local_irq_restore(flags);
}

void flush_tlb_mm(struct mm_struct *mm)
{
	flush_tlb_mm_range(mm, 0, FLUSH_TLB_MAX_SIZE);
}

void flush_tlb_page(struct vm_area_struct *vma, unsigned long addr)
{
	flush_tlb_mm_range(vma->vm_mm, addr, addr + PAGE_SIZE);
}

void flush_tlb_range(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	flush_tlb_mm_range(vma->vm_mm, start, end);
}

void arch_tlbbatch_add_pending(struct tlbflush_unmap_batch *batch, struct mm_struct *mm)
{
	unsigned long flags, cpus;
	int cpu;

	mb();	/* the cleared pte before the look at who runs mm (see flush_tlb_mm_range) */
	local_irq_save(flags);
	cpu = smp_processor_id();
	cpus = mm_cpumask(mm);
	if (use_asid_allocator)
		cpus = harts_running(mm, cpus, cpu);	/* the rest flush when they switch to mm */
	batch->cpumask |= cpus;
	batch->flush_required = true;
	local_irq_restore(flags);
}

/* Everything, on every hart noted: cheaper than remembering which ASIDs and pages. */
void arch_tlbbatch_flush(struct tlbflush_unmap_batch *batch)
{
	unsigned long flags;
	int cpu;

	if (!batch->flush_required)
		return;
	local_irq_save(flags);
	cpu = smp_processor_id();
	if (batch->cpumask & (1UL << cpu)) {
		local_flush_tlb_all();
		count_vm_tlb_event(NR_TLB_LOCAL_FLUSH_ALL);
	}
	remote_flush(batch->cpumask & cpu_online_mask() & ~(1UL << cpu), 0, FLUSH_TLB_MAX_SIZE, 0,
		     true);
	local_irq_restore(flags);
	batch->cpumask = 0;
	batch->flush_required = false;
	batch->writable = false;
}

/* Kernel mappings changed: every hart must forget stale translations. */
void flush_tlb_kernel_range(unsigned long start, unsigned long end)
{
	unsigned long flags;

	if ((end - start) / PAGE_SIZE > tlb_flush_all_threshold) {
		flush_tlb_all();
		return;
	}
	local_irq_save(flags);
	for (unsigned long va = start; va < end; va += PAGE_SIZE)
		local_flush_tlb_page(va);
	count_vm_tlb_events(NR_TLB_LOCAL_FLUSH_ONE, (end - start) / PAGE_SIZE);
	remote_flush(cpu_online_mask() & ~(1UL << smp_processor_id()), start, end - start, 0, true);
	local_irq_restore(flags);
}

void flush_tlb_all(void)
{
	unsigned long flags;

	local_irq_save(flags);
	local_flush_tlb_all();
	count_vm_tlb_event(NR_TLB_LOCAL_FLUSH_ALL);
	remote_flush(cpu_online_mask() & ~(1UL << smp_processor_id()), 0, FLUSH_TLB_MAX_SIZE, 0, true);
	local_irq_restore(flags);
}
