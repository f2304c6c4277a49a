/*
 * The LRU lists: batched insertion, aging on access, and the last
 * put_page (Linux: mm/swap.c; the LRU-list helpers of mm_inline.h).
 *
 * Locking: a node's lruvec->lru_lock (taken with interrupts off) guards
 * its lists and every page's PG_lru and PG_active. A CPU's add batch has
 * its own lock, almost never contended: lru_add_drain_all() from another
 * CPU is the only other taker (Linux uses a local_lock and queues work
 * on each CPU instead).
 */
#include "mm/swap.h"
#include "mm/pagemap.h"
#include "mm/internal.h"
#include "mm/user.h"
#include "mm/vmstat.h"
#include "mm/rmap.h"
#include "smp.h"

struct pagevec {
	spinlock_t lock;
	unsigned int nr;
	struct page *pages[PAGEVEC_SIZE];
};

static struct pagevec lru_add_pvec[NR_CPUS];

void lruvec_init(struct lruvec *lruvec)
{
	enum lru_list lru;

	for_each_lru(lru)
		INIT_LIST_HEAD(&lruvec->lists[lru]);
	spin_lock_init(&lruvec->lru_lock, "lru_lock");
}

static void update_lru_size(struct lruvec *lruvec, struct page *page, enum lru_list lru, long n)
{
	mod_node_page_state(lruvec_pgdat(lruvec), NR_LRU_BASE + lru, n);
	__mod_zone_page_state(page_zone(page), NR_ZONE_LRU_BASE + lru, n);
}

void add_page_to_lru_list(struct page *page, struct lruvec *lruvec)
{
	enum lru_list lru = page_lru(page);

	list_add(&page->lru, &lruvec->lists[lru]);
	update_lru_size(lruvec, page, lru, 1);
}

void del_page_from_lru_list(struct page *page, struct lruvec *lruvec)
{
	list_del(&page->lru);
	update_lru_size(lruvec, page, page_lru(page), -1);
}

bool page_evictable(const struct page *page)
{
	return PageAnon(page) || !page->mapping || !page->mapping->unevictable;
}

/* Put a batch's pages on their lists, then drop the batch's references. */
static void pagevec_lru_add(struct page **pages, unsigned int nr)
{
	struct lruvec *locked = NULL;
	unsigned long flags = 0;

	for (unsigned int i = 0; i < nr; i++) {
		struct page *page = pages[i];
		struct lruvec *lruvec = page_lruvec(page);

		if (lruvec != locked) {
			if (locked)
				spin_unlock_irqrestore(&locked->lru_lock, flags);
			spin_lock_irqsave(&lruvec->lru_lock, flags);
			locked = lruvec;
		}
		/* Unevictable pages go straight to their list (Linux: lru_add_fn). */
		if (!page_evictable(page)) {
			ClearPageActive(page);
			SetPageUnevictable(page);
		}
		SetPageLRU(page);
		add_page_to_lru_list(page, lruvec);
	}
	if (locked)
		spin_unlock_irqrestore(&locked->lru_lock, flags);
	/* After the lock: a page whose owner went away meanwhile is freed here. */
	for (unsigned int i = 0; i < nr; i++)
		put_page(pages[i]);
}

/* Take a CPU's batch out under its lock and add it to the lists. */
static void lru_add_drain_cpu(int cpu)
{
	struct pagevec *pvec = &lru_add_pvec[cpu];
	struct page *pages[PAGEVEC_SIZE];
	unsigned long flags;
	unsigned int nr;

	spin_lock_irqsave(&pvec->lock, flags);
	nr = pvec->nr;
	for (unsigned int i = 0; i < nr; i++)
		pages[i] = pvec->pages[i];
	pvec->nr = 0;
	spin_unlock_irqrestore(&pvec->lock, flags);
	pagevec_lru_add(pages, nr);
}

/*
 * Interrupts stay on: no interrupt handler adds pages, and kernel code
 * is not preempted, so this CPU's batch stays ours (toggling interrupts
 * costs more than the rest of this under QEMU).
 */
void lru_cache_add(struct page *page)
{
	struct pagevec *pvec = &lru_add_pvec[smp_processor_id()];
	bool full;

	get_page(page);
	spin_lock(&pvec->lock);
	pvec->pages[pvec->nr++] = page;
	full = pvec->nr == PAGEVEC_SIZE;
	spin_unlock(&pvec->lock);
	if (full)
		lru_add_drain_cpu(smp_processor_id());
}

void lru_cache_add_inactive_or_unevictable(struct page *page, struct vm_area_struct *vma)
{
	lru_cache_add(page);
}

void lru_add_drain(void)
{
	unsigned long flags;

	local_irq_save(flags);
	lru_add_drain_cpu(smp_processor_id());
	local_irq_restore(flags);
}

void lru_add_drain_all(void)
{
	for (int cpu = 0; cpu < nr_cpu_ids; cpu++)
		lru_add_drain_cpu(cpu);
}

void activate_page(struct page *page)
{
	struct lruvec *lruvec = page_lruvec(page);
	unsigned long flags;

	spin_lock_irqsave(&lruvec->lru_lock, flags);
	if (PageLRU(page) && !PageActive(page) && !PageUnevictable(page)) {
		del_page_from_lru_list(page, lruvec);
		SetPageActive(page);
		add_page_to_lru_list(page, lruvec);
		count_vm_event(PGACTIVATE);
	}
	spin_unlock_irqrestore(&lruvec->lru_lock, flags);
}

/* A page still in this CPU's add batch goes straight to the active list when drained. */
static void lru_cache_activate_page(struct page *page)
{
	struct pagevec *pvec;
	unsigned long flags;

	local_irq_save(flags);
	pvec = &lru_add_pvec[smp_processor_id()];
	spin_lock(&pvec->lock);
	for (unsigned int i = 0; i < pvec->nr; i++) {
		if (pvec->pages[i] == page) {
			SetPageActive(page);
			count_vm_event(PGACTIVATE);
			break;
		}
	}
	spin_unlock(&pvec->lock);
	local_irq_restore(flags);
}

/*
 * Called on each access that does not go through a pte (read(), write(),
 * a fault that found the page cached). inactive,unreferenced ->
 * inactive,referenced -> active,unreferenced (Linux: folio_mark_accessed).
 */
void mark_page_accessed(struct page *page)
{
	page = compound_head(page);
	if (!PageReferenced(page)) {
		SetPageReferenced(page);
	} else if (!PageActive(page) && !PageUnevictable(page)) {
		if (PageLRU(page))
			activate_page(page);
		else
			lru_cache_activate_page(page);
		ClearPageReferenced(page);
	}
}

void deactivate_page(struct page *page)
{
	struct lruvec *lruvec = page_lruvec(page);
	unsigned long flags;

	spin_lock_irqsave(&lruvec->lru_lock, flags);
	if (PageLRU(page) && PageActive(page) && !PageUnevictable(page)) {
		del_page_from_lru_list(page, lruvec);
		ClearPageActive(page);
		ClearPageReferenced(page);
		add_page_to_lru_list(page, lruvec);
		count_vm_event(PGDEACTIVATE);
	}
	spin_unlock_irqrestore(&lruvec->lru_lock, flags);
}

void __page_cache_release(struct page *page)
{
	/* The anon_vma was pinned by the page (mm/rmap.c). */
	if (PageAnon(page)) {
		put_anon_vma(page_anon_vma(page));
		page->mapping = NULL;
	}
	if (PageLRU(page)) {
		struct lruvec *lruvec = page_lruvec(page);
		unsigned long flags;

		spin_lock_irqsave(&lruvec->lru_lock, flags);
		del_page_from_lru_list(page, lruvec);
		__ClearPageLRU(page);
		spin_unlock_irqrestore(&lruvec->lru_lock, flags);
	}
	__ClearPageActive(page);
	__ClearPageReferenced(page);
	__ClearPageUnevictable(page);
}

/* Drop a reference; the last one takes the page off the LRU and frees it. */
void put_page(struct page *page)
{
	struct page *head = compound_head(page);

	if (page_ref_dec_and_test(head)) {
		__page_cache_release(head);
		free_page_final(head, compound_order(head));
	}
}
