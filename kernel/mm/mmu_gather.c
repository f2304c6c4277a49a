/*
 * The mmu_gather: free unmapped pages only after the TLB flush (Linux:
 * mm/mmu_gather.c). See mm/tlb.h.
 */
#include "mm/tlb.h"
#include "mm/tlbflush.h"
#include "mm/mm.h"
#include "mm/gfp.h"
#include "mm/mmzone.h"
#include "mm/swap.h"

void tlb_gather_mmu(struct mmu_gather *tlb, struct mm_struct *mm)
{
	tlb->mm = mm;
	tlb->start = ~0UL;
	tlb->end = 0;
	tlb->freed_tables = false;
	tlb->nr = 0;
}

/*
 * An mm with no users left (exit, the old mm of an exec) is not flushed:
 * nothing runs it again, and its ASID is not handed out again before a
 * rollover has flushed every hart (arm64 Linux skips these flushes too).
 */
static void tlb_flush(struct mmu_gather *tlb)
{
	if (!atomic_read(&tlb->mm->mm_users))
		;
	else if (tlb->freed_tables)
		flush_tlb_mm(tlb->mm);	/* cached non-leaf entries go only with a full flush */
	else if (tlb->end > tlb->start)
		flush_tlb_mm_range(tlb->mm, tlb->start, tlb->end);
	tlb->start = ~0UL;
	tlb->end = 0;
	tlb->freed_tables = false;
}

void tlb_flush_mmu(struct mmu_gather *tlb)
{
	tlb_flush(tlb);
	for (unsigned int i = 0; i < tlb->nr; i++) {
		struct page *page = tlb->pages[i];

		if (tlb->is_table[i]) {
			mod_node_page_state(NODE_DATA(page_to_nid(page)), NR_PAGETABLE, -1);
			__free_page(page);
		} else {
			free_swap_cache(page);
			put_page(page);
		}
	}
	tlb->nr = 0;
}

static void tlb_add(struct mmu_gather *tlb, struct page *page, bool table)
{
	tlb->pages[tlb->nr] = page;
	tlb->is_table[tlb->nr] = table;
	if (++tlb->nr == MMU_GATHER_BATCH)
		tlb_flush_mmu(tlb);
}

void tlb_remove_page(struct mmu_gather *tlb, struct page *page)
{
	tlb_add(tlb, page, false);
}

void tlb_remove_table(struct mmu_gather *tlb, struct page *table)
{
	tlb->freed_tables = true;
	tlb_add(tlb, table, true);
}

void tlb_finish_mmu(struct mmu_gather *tlb)
{
	tlb_flush_mmu(tlb);
}
