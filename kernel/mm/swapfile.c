/*
 * Swap areas: turning them on and off, and handing out their page slots
 * (Linux: mm/swapfile.c).
 *
 * A swap area is a disk (Pagoda: a whole virtio disk, /dev/vdb) that
 * starts with Linux's swap header: page 0 holds a version, the number of
 * the last page, a list of bad pages, and "SWAPSPACE2" in its last ten
 * bytes (mkfs/mkswap.c writes it). Every other page is a slot. The area's
 * swap_map counts, per slot, the ptes that hold its swap entry, plus a
 * SWAP_HAS_CACHE bit while the slot's page is in the swap cache.
 *
 * Slots are allocated a cluster (256 slots) at a time: each CPU takes a
 * free cluster and allocates from it in order, so pages swapped out
 * together land next to each other on the disk and can be read back
 * together (swap readahead), and CPUs do not collide. Only when no free
 * cluster is left is the whole map searched.
 *
 * Locking: each area's lock guards its swap_map and clusters; swap_lock
 * guards swap_info[] and the priority order. A slot's count never changes
 * without the area's lock.
 */
#include "mm/swap.h"
#include "mm/pagemap.h"
#include "mm/rmap.h"
#include "mm/vmalloc.h"
#include "mm/slab.h"
#include "mm/vmstat.h"
#include "fs/vfs.h"
#include "block/blkdev.h"
#include "syscalls.h"
#include "sched.h"
#include "string.h"
#include "errno.h"
#include "printk.h"
#include "err.h"
#include "init.h"
#include "param.h"
#include "mm/pagewalk.h"
#include "fs/internal.h"
#include "fs/proc_fs.h"
#include "fs/seq_file.h"

struct swap_info_struct *swap_info[MAX_SWAPFILES];
static DEFINE_SPINLOCK(swap_lock);
static DEFINE_MUTEX(swapon_mutex);	/* one swapon or swapoff at a time */
atomic_long_t nr_swap_pages;
long total_swap_pages;
static short least_priority;		/* the last area added without a priority */

/* ---- clusters ---------------------------------------------------------- */

static void cluster_free_add(struct swap_info_struct *si, unsigned int c)
{
	struct swap_cluster_info *ci = &si->cluster_info[c];

	if (ci->free_listed)
		return;
	ci->free_listed = true;
	ci->next = NO_CLUSTER;
	if (si->free_head == NO_CLUSTER)
		si->free_head = c;
	else
		si->cluster_info[si->free_tail].next = c;
	si->free_tail = c;
}

static unsigned int cluster_free_take(struct swap_info_struct *si)
{
	unsigned int c = si->free_head;

	if (c == NO_CLUSTER)
		return c;
	si->free_head = si->cluster_info[c].next;
	if (si->free_head == NO_CLUSTER)
		si->free_tail = NO_CLUSTER;
	si->cluster_info[c].free_listed = false;
	return c;
}

/* Slot offset goes into use / out of use (si->lock held). */
static void slot_used(struct swap_info_struct *si, unsigned long offset)
{
	si->cluster_info[offset / SWAPFILE_CLUSTER].count++;
	si->inuse_pages++;
	atomic_long_dec(&nr_swap_pages);
}

static void slot_freed(struct swap_info_struct *si, unsigned long offset)
{
	unsigned int c = offset / SWAPFILE_CLUSTER;

	si->inuse_pages--;
	atomic_long_inc(&nr_swap_pages);
	if (--si->cluster_info[c].count == 0)
		cluster_free_add(si, c);
}

/* A free slot of si, or 0 (slot 0 is the header): this CPU's cluster first. */
static unsigned long scan_swap_map(struct swap_info_struct *si)
{
	int cpu = smp_processor_id();
	unsigned long offset;

	for (;;) {
		unsigned int c = si->cpu_cluster[cpu];

		if (c == NO_CLUSTER) {
			c = cluster_free_take(si);
			if (c == NO_CLUSTER)
				break;
			si->cpu_cluster[cpu] = c;
			si->cpu_next[cpu] = c * SWAPFILE_CLUSTER;
		}
		for (offset = si->cpu_next[cpu];
		     offset < min((unsigned long)(c + 1) * SWAPFILE_CLUSTER, (unsigned long)si->max);
		     offset++) {
			if (!si->swap_map[offset]) {
				si->cpu_next[cpu] = offset + 1;
				return offset;
			}
		}
		si->cpu_cluster[cpu] = NO_CLUSTER;	/* used up: take another */
	}
	/* No free cluster: any free slot (Linux: scan_swap_map_slots' slow path). */
	for (offset = 1; offset < si->max; offset++)
		if (!si->swap_map[offset])
			return offset;
	return 0;
}

/* ---- slots ------------------------------------------------------------- */

/* Areas in use, highest priority first (Linux: swap_avail_heads, a plist). */
static int swap_order[MAX_SWAPFILES];
static int nr_swap_order;

swp_entry_t get_swap_page(void)
{
	for (int i = 0; i < MAX_SWAPFILES; i++) {
		struct swap_info_struct *si = NULL;
		unsigned long offset = 0;
		int type = -1;

		spin_lock(&swap_lock);
		if (i < nr_swap_order) {
			type = swap_order[i];
			si = swap_info[type];
		}
		spin_unlock(&swap_lock);
		if (!si)
			break;
		spin_lock(&si->lock);
		if ((si->flags & SWP_WRITEOK) && si->inuse_pages < si->pages) {
			offset = scan_swap_map(si);
			if (offset) {
				si->swap_map[offset] = SWAP_HAS_CACHE;
				slot_used(si, offset);
			}
		}
		spin_unlock(&si->lock);
		if (offset)
			return swp_entry(type, offset);
	}
	return (swp_entry_t){ 0 };
}

/* The area of entry, locked, if entry names a slot of it; else NULL. */
static struct swap_info_struct *lock_swap_entry(swp_entry_t entry)
{
	struct swap_info_struct *si = swp_swap_info(entry);

	if (!si)
		return NULL;
	spin_lock(&si->lock);
	if (swp_offset(entry) == 0 || swp_offset(entry) >= si->max) {
		spin_unlock(&si->lock);
		pr_err("swap: bad swap entry %lx\n", entry.val);
		return NULL;
	}
	return si;
}

/* Set slot offset's value; a slot that reaches 0 is free (si->lock held). */
static void set_swap_map(struct swap_info_struct *si, unsigned long offset, unsigned short v)
{
	si->swap_map[offset] = v;
	if (!v)
		slot_freed(si, offset);
}

int swap_duplicate(swp_entry_t entry)
{
	struct swap_info_struct *si = lock_swap_entry(entry);
	unsigned short v;
	int err = 0;

	if (!si)
		return -EINVAL;
	v = si->swap_map[swp_offset(entry)];
	if (!v || v == SWAP_MAP_BAD)
		err = -ENOENT;
	else if (SWAP_COUNT(v) >= SWAP_MAP_MAX)
		err = -ENOMEM;
	else
		si->swap_map[swp_offset(entry)] = v + 1;
	spin_unlock(&si->lock);
	return err;
}

void swap_free(swp_entry_t entry)
{
	struct swap_info_struct *si = lock_swap_entry(entry);
	unsigned short v;

	if (!si)
		return;
	v = si->swap_map[swp_offset(entry)];
	if (!SWAP_COUNT(v) || v == SWAP_MAP_BAD)
		pr_err("swap: free of unused swap entry %lx\n", entry.val);
	else
		set_swap_map(si, swp_offset(entry), v - 1);
	spin_unlock(&si->lock);
}

void swapcache_free(swp_entry_t entry)
{
	struct swap_info_struct *si = lock_swap_entry(entry);

	if (!si)
		return;
	set_swap_map(si, swp_offset(entry), si->swap_map[swp_offset(entry)] & ~SWAP_HAS_CACHE);
	spin_unlock(&si->lock);
}

int swapcache_prepare(swp_entry_t entry)
{
	struct swap_info_struct *si = lock_swap_entry(entry);
	unsigned short v;
	int err = 0;

	if (!si)
		return -ENOENT;
	v = si->swap_map[swp_offset(entry)];
	if (v & SWAP_HAS_CACHE)
		err = -EEXIST;
	else if (!SWAP_COUNT(v) || v == SWAP_MAP_BAD)
		err = -ENOENT;
	else
		si->swap_map[swp_offset(entry)] = v | SWAP_HAS_CACHE;
	spin_unlock(&si->lock);
	return err;
}

int swap_count(swp_entry_t entry)
{
	struct swap_info_struct *si = lock_swap_entry(entry);
	int n;

	if (!si)
		return 0;
	n = SWAP_COUNT(si->swap_map[swp_offset(entry)]);
	spin_unlock(&si->lock);
	return n;
}

bool try_to_free_swap(struct page *page)
{
	if (!PageSwapCache(page) || PageWriteback(page) || swap_count(page_swap_entry(page)))
		return false;
	delete_from_swap_cache(page);
	/* The slot's copy is gone: the page is now the only copy of the data. */
	SetPageDirty(page);
	return true;
}

void free_swap_and_cache(swp_entry_t entry)
{
	struct page *page;

	swap_free(entry);
	if (swap_count(entry))
		return;
	/* Only the swap cache may hold the slot now: drop the page if nobody maps it (Linux: __try_to_reclaim_swap). */
	page = lookup_swap_cache(entry);
	if (!page)
		return;
	if (trylock_page(page)) {
		if (PageSwapCache(page) && page_swap_entry(page).val == entry.val && !page_mapped(page))
			try_to_free_swap(page);
		unlock_page(page);
	}
	put_page(page);
}

bool vm_swap_full(void)
{
	return atomic_long_read(&nr_swap_pages) * 2 < total_swap_pages;
}

void si_swapinfo(unsigned long *total, unsigned long *free)
{
	*total = READ_ONCE(total_swap_pages);
	*free = atomic_long_read(&nr_swap_pages);
}

/* ---- swapon, swapoff ----------------------------------------------------- */

#define SWAP_FLAG_PREFER	0x8000	/* swapon(2): the low bits are a priority */
#define SWAP_FLAG_PRIO_MASK	0x7fff
#define SWAP_MAGIC		"SWAPSPACE2"
#define MAX_SWAP_BADPAGES	((PAGE_SIZE - 1024 - 4 * 4 - 32 - 117 * 4) / 4)

/* Page 0 of a swap area, from byte 1024 (Linux: union swap_header's info). */
struct swap_header_info {
	u32 version;
	u32 last_page;
	u32 nr_badpages;
	unsigned char sws_uuid[16];
	unsigned char sws_volume[16];
	u32 padding[117];
	u32 badpages[];
};

/* Pagoda has no device files: "/dev/NAME" names the disk NAME. */
static struct block_device *swap_bdev(const char *path)
{
	if (strncmp(path, "/dev/", 5) != 0)
		return ERR_PTR(-EINVAL);	/* Linux also swaps to files; Pagoda only to disks */
	return blkdev_get_by_name(path + 5) ?: ERR_PTR(-ENOENT);
}

/* Check the header and mark the slots that cannot be used: the usable count, or -errno. */
static long read_swap_header(struct swap_info_struct *si, char *page)
{
	struct swap_header_info *h = (struct swap_header_info *)(page + 1024);
	unsigned long disk_pages = si->bdev->bd_nr_sectors / (PAGE_SIZE / SECTOR_SIZE), max;
	long usable;

	if (blkdev_rw(si->bdev, REQ_OP_READ, 0, page, PAGE_SIZE))
		return -EIO;
	if (memcmp(page + PAGE_SIZE - 10, SWAP_MAGIC, 10) != 0) {
		pr_err("swapon: %s: no swap signature (mkswap?)\n", si->name);
		return -EINVAL;
	}
	if (h->version != 1 || h->nr_badpages > MAX_SWAP_BADPAGES || h->last_page < 1) {
		pr_err("swapon: %s: unsupported swap header\n", si->name);
		return -EINVAL;
	}
	max = min((unsigned long)h->last_page + 1, disk_pages);
	if (max < 2)
		return -EINVAL;
	si->max = max;
	si->swap_map = vmalloc(max * sizeof(*si->swap_map));
	si->nr_clusters = DIV_ROUND_UP(max, SWAPFILE_CLUSTER);
	si->cluster_info = vmalloc(si->nr_clusters * sizeof(*si->cluster_info));
	if (!si->swap_map || !si->cluster_info)
		return -ENOMEM;
	memset(si->swap_map, 0, max * sizeof(*si->swap_map));
	memset(si->cluster_info, 0, si->nr_clusters * sizeof(*si->cluster_info));
	si->swap_map[0] = SWAP_MAP_BAD;		/* the header */
	for (u32 i = 0; i < h->nr_badpages; i++)
		if (h->badpages[i] > 0 && h->badpages[i] < max)
			si->swap_map[h->badpages[i]] = SWAP_MAP_BAD;
	usable = 0;
	for (unsigned long off = 0; off < max; off++) {
		if (si->swap_map[off] == SWAP_MAP_BAD)
			si->cluster_info[off / SWAPFILE_CLUSTER].count++;	/* never freed */
		else
			usable++;
	}
	si->free_head = si->free_tail = NO_CLUSTER;
	for (unsigned int c = 0; c < si->nr_clusters; c++)
		if (!si->cluster_info[c].count)
			cluster_free_add(si, c);
	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		si->cpu_cluster[cpu] = NO_CLUSTER;
	return usable;
}

static void free_swap_info(struct swap_info_struct *si)
{
	vfree(si->swap_map);
	vfree(si->cluster_info);
	kfree(si);
}

/* Put si in swap_info[] and in priority order (swap_lock held). */
static int enable_swap_info(struct swap_info_struct *si)
{
	int type, i;

	for (type = 0; type < MAX_SWAPFILES && swap_info[type]; type++)
		if (swap_info[type]->bdev == si->bdev)
			return -EBUSY;
	for (type = 0; type < MAX_SWAPFILES && swap_info[type]; type++)
		;
	if (type == MAX_SWAPFILES)
		return -EPERM;		/* Linux: too many swap areas */
	si->type = type;
	swap_info[type] = si;
	for (i = nr_swap_order; i > 0 && swap_info[swap_order[i - 1]]->prio < si->prio; i--)
		swap_order[i] = swap_order[i - 1];
	swap_order[i] = type;
	nr_swap_order++;
	total_swap_pages += si->pages;
	atomic_long_add(si->pages, &nr_swap_pages);
	return 0;
}

long sys_swapon(const char __user *upath, int swap_flags)
{
	char path[MAXPATH];
	int err = getname(upath, path);

	return err ? err : swapon_path(path, swap_flags);
}

int swapon_path(const char *path, int swap_flags)
{
	struct swap_info_struct *si;
	char *page = NULL;
	long usable;
	int err = 0;

	si = kzalloc(sizeof(*si), GFP_KERNEL);
	if (!si)
		return -ENOMEM;
	spin_lock_init(&si->lock, "swap_info");
	strlcpy(si->name, path, sizeof(si->name));
	si->bdev = swap_bdev(path);
	err = IS_ERR(si->bdev) ? PTR_ERR(si->bdev) : 0;
	page = err ? NULL : (char *)__get_free_page(GFP_KERNEL);
	if (!err && !page)
		err = -ENOMEM;
	usable = err ? err : read_swap_header(si, page);
	free_page((unsigned long)page);
	if (usable < 0) {
		free_swap_info(si);
		return usable;
	}
	si->pages = usable;
	mutex_lock(&swapon_mutex);
	si->prio = (swap_flags & SWAP_FLAG_PREFER) ? (swap_flags & SWAP_FLAG_PRIO_MASK) : --least_priority;
	si->flags = SWP_USED | SWP_WRITEOK;
	spin_lock(&swap_lock);
	err = enable_swap_info(si);
	spin_unlock(&swap_lock);
	mutex_unlock(&swapon_mutex);
	if (err) {
		free_swap_info(si);
		return err;
	}
	pr_info("Adding %luk swap on %s.  Priority:%d extents:1 across:%luk\n",
		usable * (PAGE_SIZE / 1024), si->name, si->prio, si->max * (PAGE_SIZE / 1024));
	return 0;
}

/*
 * Bring entry's page back and put it in every pte of one mm that holds
 * the entry (Linux: unuse_pte_range); the page is read if need be.
 */
struct unuse_ctx {
	struct vm_area_struct *vma;
	int type;
	int err;
};

static int unuse_pte(pte_t *ptep, unsigned long addr, unsigned long next, struct mm_walk *walk)
{
	struct unuse_ctx *u = walk->private;
	struct vm_area_struct *vma = u->vma;
	struct mm_struct *mm = vma->vm_mm;
	swp_entry_t entry = pte_to_swp_entry(READ_ONCE(*ptep));
	struct page *page;
	bool new_read;

	if (swp_type(entry) != (unsigned int)u->type)
		return 0;
	page = read_swap_cache_async(entry, GFP_HIGHUSER_MOVABLE, &new_read);
	if (!page)
		return u->err = -ENOMEM;
	lock_page(page);
	if (!PageUptodate(page)) {
		unlock_page(page);
		put_page(page);
		return u->err = -EIO;
	}
	spin_lock(&mm->page_table_lock);
	if (READ_ONCE(*ptep) == swp_entry_to_pte(entry)) {
		get_page(page);
		page_add_anon_rmap(page, vma, addr, false);
		WRITE_ONCE(*ptep, pfn_pte(page_to_pfn(page), vma->vm_page_prot));
		add_mm_counter(mm, MM_SWAPENTS, -1);
		add_mm_counter(mm, MM_ANONPAGES, 1);
		swap_free(entry);
	}
	spin_unlock(&mm->page_table_lock);
	unlock_page(page);
	put_page(page);
	return 0;
}

static const struct mm_walk_ops unuse_ops = { .swap_pte_entry = unuse_pte };

static int unuse_mm(struct mm_struct *mm, int type)
{
	struct unuse_ctx u = { .type = type };
	struct vm_area_struct *vma;

	mmap_read_lock(mm);
	for_each_vma(mm, vma) {
		if (!vma->anon_vma)
			continue;
		u.vma = vma;
		walk_page_range(mm->pgd, vma->vm_start, vma->vm_end, &unuse_ops, &u);
		if (u.err)
			break;
	}
	mmap_read_unlock(mm);
	return u.err;
}

/* Every mm that runs now, each with a reference (Linux walks init_mm.mmlist). */
static LIST_HEAD(mmlist);
static DEFINE_SPINLOCK(mmlist_lock);

void mmlist_add(struct mm_struct *mm)
{
	unsigned long flags;

	if (!list_empty(&mm->mmlist))
		return;
	spin_lock_irqsave(&mmlist_lock, flags);
	if (list_empty(&mm->mmlist))
		list_add_tail(&mm->mmlist, &mmlist);
	spin_unlock_irqrestore(&mmlist_lock, flags);
}

void mmlist_del(struct mm_struct *mm)
{
	unsigned long flags;

	spin_lock_irqsave(&mmlist_lock, flags);
	if (!list_empty(&mm->mmlist))
		list_del_init(&mm->mmlist);
	spin_unlock_irqrestore(&mmlist_lock, flags);
}

/* References to up to max mms of the mmlist, from the skip-th on; how many. */
static int grab_mms(struct mm_struct **mms, int skip, int max)
{
	struct mm_struct *mm;
	unsigned long flags;
	int n = 0, i = 0;

	spin_lock_irqsave(&mmlist_lock, flags);
	list_for_each_entry(mm, &mmlist, mmlist) {
		if (i++ < skip || n == max)
			continue;
		if (mmget_not_zero(mm))	/* not one being torn down */
			mms[n++] = mm;
	}
	spin_unlock_irqrestore(&mmlist_lock, flags);
	return n;
}

/* The swap cache pages of an area that no pte refers to any more: drop them. */
static void unuse_swap_cache(struct swap_info_struct *si)
{
	for (unsigned long off = 1; off < si->max; off++) {
		struct page *page;

		if (READ_ONCE(si->swap_map[off]) != SWAP_HAS_CACHE)
			continue;
		page = lookup_swap_cache(swp_entry(si->type, off));
		if (!page)
			continue;
		lock_page(page);
		wait_on_page_writeback(page);
		if (PageSwapCache(page) && swp_offset(page_swap_entry(page)) == off)
			try_to_free_swap(page);
		unlock_page(page);
		put_page(page);
	}
}

/*
 * Bring every page of an area back into memory (Linux: try_to_unuse):
 * each mm's swap ptes of this type get their pages, then the swap cache
 * lets go. A few passes catch processes forked meanwhile. -ENOMEM if the
 * pages do not fit; the area is then left as it was.
 */
static int try_to_unuse(struct swap_info_struct *si)
{
	struct mm_struct **mms = kcalloc(NPROC, sizeof(*mms), GFP_KERNEL);
	int err = 0;

	if (!mms)
		return -ENOMEM;
	for (int pass = 0; pass < 8 && !err && READ_ONCE(si->inuse_pages); pass++) {
		/* NPROC at a time: the list may be longer (mms being built, or kernel users). */
		for (int skip = 0, n; !err && (n = grab_mms(mms, skip, NPROC)) > 0; skip += n) {
			for (int i = 0; i < n; i++) {
				if (!err && fatal_signal_pending(current))
					err = -EINTR;	/* killed, by the OOM killer perhaps */
				if (!err)
					err = unuse_mm(mms[i], si->type);
				mmput(mms[i]);
			}
		}
		lru_add_drain_all();
		unuse_swap_cache(si);
	}
	kfree(mms);
	if (!err && READ_ONCE(si->inuse_pages))
		err = -EBUSY;
	return err;
}

/*
 * The slots whose pages are only on the disk: what swapoff must find
 * memory for. A slot with SWAP_HAS_CACHE has its page in memory already,
 * mapped or left in the swap cache by an exit that found it locked.
 */
static unsigned long swap_pages_on_disk(struct swap_info_struct *si)
{
	unsigned long n = 0;

	for (unsigned long off = 1; off < si->max; off++) {
		unsigned short v = READ_ONCE(si->swap_map[off]);

		if (v && v != SWAP_MAP_BAD && !(v & SWAP_HAS_CACHE))
			n++;
	}
	return n;
}

long sys_swapoff(const char __user *upath)
{
	char path[MAXPATH];
	int err = getname(upath, path);

	return err ? err : swapoff_path(path);
}

int swapoff_path(const char *path)
{
	struct swap_info_struct *si = NULL;
	int err, type, i;

	mutex_lock(&swapon_mutex);
	spin_lock(&swap_lock);
	for (type = 0; type < MAX_SWAPFILES; type++)
		if (swap_info[type] && strcmp(swap_info[type]->name, path) == 0)
			si = swap_info[type];
	spin_unlock(&swap_lock);
	err = -EINVAL;		/* Linux's answer for "not a swap area in use" */
	if (!si)
		goto out;
	/*
	 * Its pages must fit in what memory could give without swapping,
	 * plus the other areas' free slots (Linux asks the overcommit policy,
	 * security_vm_enough_memory_mm, and otherwise lets the OOM killer
	 * stop the swapoff, its preferred victim).
	 */
	err = -ENOMEM;
	if (swap_pages_on_disk(si) > si_mem_available() +
	    atomic_long_read(&nr_swap_pages) - (si->pages - si->inuse_pages))
		goto out;
	spin_lock(&si->lock);
	si->flags &= ~SWP_WRITEOK;
	/* All of it: each slot try_to_unuse frees adds itself back (Linux does the same). */
	atomic_long_add(-(long)si->pages, &nr_swap_pages);
	total_swap_pages -= si->pages;
	spin_unlock(&si->lock);
	current->oom_origin = true;
	err = try_to_unuse(si);
	current->oom_origin = false;
	spin_lock(&si->lock);
	if (err) {		/* put it back as it was */
		si->flags |= SWP_WRITEOK;
		atomic_long_add(si->pages, &nr_swap_pages);
		total_swap_pages += si->pages;
		spin_unlock(&si->lock);
		goto out;
	}
	spin_unlock(&si->lock);
	spin_lock(&swap_lock);
	swap_info[si->type] = NULL;
	for (i = 0; i < nr_swap_order && swap_order[i] != si->type; i++)
		;
	for (; i + 1 < nr_swap_order; i++)
		swap_order[i] = swap_order[i + 1];
	nr_swap_order--;
	spin_unlock(&swap_lock);
	pr_info("Removed swap on %s\n", si->name);
	free_swap_info(si);
	err = 0;
out:
	mutex_unlock(&swapon_mutex);
	return err;
}

/* /proc/swaps, as Linux prints it (mm/swapfile.c swap_show). */
static int swaps_show(struct seq_file *m, void *v)
{
	seq_puts(m, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
	mutex_lock(&swapon_mutex);
	for (int type = 0; type < MAX_SWAPFILES; type++) {
		struct swap_info_struct *si = swap_info[type];
		unsigned long size, used;
		int len;

		if (!si)
			continue;
		size = (unsigned long)si->pages * (PAGE_SIZE / 1024);
		used = (unsigned long)READ_ONCE(si->inuse_pages) * (PAGE_SIZE / 1024);
		len = strlen(si->name);
		seq_printf(m, "%s%*s%s\t%lu\t%s%lu\t%s%d\n", si->name, len < 40 ? 40 - len : 1, " ",
			   "partition", size, size < 10000000 ? "\t" : "", used,
			   used < 10000000 ? "\t" : "", si->prio);
	}
	mutex_unlock(&swapon_mutex);
	return 0;
}

static int swapfile_init(void)
{
	swap_cache_init();
	return proc_create_single("swaps", 0444, NULL, swaps_show) ? 0 : -ENOMEM;
}
fs_initcall(swapfile_init);
