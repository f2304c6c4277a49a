/*
 * The XArray: a sparse array of pointers indexed by unsigned long
 * (Linux: include/linux/xarray.h). The page cache keeps each file's
 * pages in one, indexed by page offset; later the swap cache will too.
 *
 * It is a radix tree of 64-slot nodes. Each level consumes 6 bits of the
 * index, so a lookup costs one step per level: at most 11 for a 64-bit
 * index, 2 for a file under 16 MiB, whatever the number of entries. The
 * tree is only as tall as its largest index needs; an array whose only
 * entry is at index 0 has no node at all (xa_head is the entry).
 *
 * Each node also keeps three mark bitmaps (XA_MARK_0..2). A bit is set
 * for a slot when the entry there, or some entry below it, has that mark,
 * so a search for marked entries (the page cache's "dirty pages of this
 * file") skips every unmarked subtree. The page cache will call marks 0,
 * 1 and 2 PAGECACHE_TAG_DIRTY, _WRITEBACK and _TOWRITE, as Linux's fs.h does.
 *
 * What may be stored: a pointer with its low two bits clear (anything
 * from kmalloc or a struct page *), or a value entry made by
 * xa_mk_value(). Storing NULL erases. Internal entries (low bits 10) are
 * the array's own: node pointers, and the error codes xa_store returns.
 *
 * Locking: xa_lock protects the tree. Functions without a leading "__"
 * take it themselves; the __xa_* ones expect the caller to hold it, so a
 * caller can make several changes, or a lookup and a get_page(), atomic.
 * Pagoda has no RCU, so readers (xa_load, xa_find, xa_get_mark) take
 * xa_lock too, with interrupts off. Writers take it with xa_lock(),
 * which turns interrupts off too on an array that an interrupt handler
 * also uses (XA_FLAGS_LOCK_IRQ, below).
 */
#ifndef _KERNEL_XARRAY_H
#define _KERNEL_XARRAY_H

#include "types.h"
#include "err.h"
#include "spinlock.h"
#include "mm/gfp.h"

/* ---- entries --------------------------------------------------------- */

/* A value entry: an integer up to LONG_MAX, stored with bit 0 set. */
static inline void *xa_mk_value(unsigned long v)
{
	return (void *)((v << 1) | 1);
}

static inline unsigned long xa_to_value(const void *entry)
{
	return (unsigned long)entry >> 1;
}

static inline bool xa_is_value(const void *entry)
{
	return (unsigned long)entry & 1;
}

/* Internal entries: low bits 10, never handed out as stored entries. */
static inline void *xa_mk_internal(unsigned long v)
{
	return (void *)((v << 2) | 2);
}

static inline unsigned long xa_to_internal(const void *entry)
{
	return (unsigned long)entry >> 2;
}

static inline bool xa_is_internal(const void *entry)
{
	return ((unsigned long)entry & 3) == 2;
}

/* What xa_store and friends return instead of an entry when they fail. */
#define XA_ERROR(errno) ((void *)(((unsigned long)(long)(errno) << 2) | 2UL))

static inline bool xa_is_err(const void *entry)
{
	return unlikely(xa_is_internal(entry) &&
			(unsigned long)entry >= (unsigned long)xa_mk_internal(-MAX_ERRNO));
}

/* The negative errno in an error entry, or 0 for any other entry. */
static inline int xa_err(const void *entry)
{
	return xa_is_err(entry) ? (int)((long)entry >> 2) : 0;
}

/* ---- the array ------------------------------------------------------- */

typedef unsigned int xa_mark_t;		/* Linux: a __bitwise type */
#define XA_MARK_0   ((xa_mark_t)0U)
#define XA_MARK_1   ((xa_mark_t)1U)
#define XA_MARK_2   ((xa_mark_t)2U)
#define XA_MARK_MAX XA_MARK_2
#define XA_PRESENT  ((xa_mark_t)8U)	/* a search filter: every entry */
#define XA_MAX_MARKS 3

/* The root's marks, kept in xa_flags above the gfp bits, as Linux does. */
#define XA_FLAGS_MARK(mark) ((gfp_t)((1U << __GFP_BITS) << (unsigned int)(mark)))
#define XA_FLAGS_MARKS (XA_FLAGS_MARK(XA_MARK_0) | XA_FLAGS_MARK(XA_MARK_1) | \
			XA_FLAGS_MARK(XA_MARK_2))

struct xarray {
	spinlock_t xa_lock;
	gfp_t xa_flags;		/* XA_FLAGS_MARK(m): some entry has mark m */
	void *xa_head;		/* NULL, the entry at index 0, or the top node */
	bool xa_lock_irq;	/* xa_lock() turns interrupts off (Linux: XA_FLAGS_LOCK_IRQ) */
	unsigned long xa_irqflags;	/* what xa_lock() saved, for xa_unlock() */
};

#define XARRAY_INIT(name, flags) {					\
	.xa_lock = __SPIN_LOCK_UNLOCKED(name.xa_lock),			\
	.xa_flags = flags,						\
	.xa_head = NULL,						\
}
#define DEFINE_XARRAY(name) struct xarray name = XARRAY_INIT(name, 0)

/*
 * An array that an interrupt handler also writes (the page cache's and
 * the swap cache's, when writeback completes in the disk's interrupt)
 * is set up with XA_FLAGS_LOCK_IRQ: its xa_lock() turns interrupts off,
 * or the interrupt could come while this hart holds the lock and spin on
 * it forever. In Linux xa_lock() never does: the flag only tells
 * xas_nomem how to drop the lock, and the page cache calls xa_lock_irq()
 * itself. Here xa_lock() reads the flag, so every caller is safe and
 * __xa_store can drop the lock (turning interrupts back on) to allocate,
 * as Linux's xas_nomem does. The saved interrupt state lives in the
 * array while the lock is held.
 */
static inline void xa_lock(struct xarray *xa)
{
	unsigned long flags = 0;

	if (xa->xa_lock_irq)
		local_irq_save(flags);
	spin_lock(&xa->xa_lock);
	xa->xa_irqflags = flags;
}

static inline void xa_unlock(struct xarray *xa)
{
	unsigned long flags = xa->xa_irqflags;

	spin_unlock(&xa->xa_lock);
	if (xa->xa_lock_irq)
		local_irq_restore(flags);
}

#define xa_lock_irqsave(xa, flags)	spin_lock_irqsave(&(xa)->xa_lock, flags)
#define xa_unlock_irqrestore(xa, flags)	spin_unlock_irqrestore(&(xa)->xa_lock, flags)

static inline void xa_init(struct xarray *xa)
{
	spin_lock_init(&xa->xa_lock, "xa_lock");
	xa->xa_flags = 0;
	xa->xa_head = NULL;
	xa->xa_lock_irq = false;
}

#define XA_FLAGS_LOCK_IRQ 1U	/* an interrupt handler also takes the lock */

static inline void xa_init_flags(struct xarray *xa, unsigned int flags)
{
	xa_init(xa);
	xa->xa_lock_irq = flags & XA_FLAGS_LOCK_IRQ;
}

static inline bool xa_empty(const struct xarray *xa)
{
	return READ_ONCE(xa->xa_head) == NULL;
}

/* Does any entry have `mark`? */
static inline bool xa_marked(const struct xarray *xa, xa_mark_t mark)
{
	return READ_ONCE(xa->xa_flags) & XA_FLAGS_MARK(mark);
}

void *xa_load(struct xarray *xa, unsigned long index);
void *xa_store(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp);
void *xa_erase(struct xarray *xa, unsigned long index);
void xa_set_mark(struct xarray *xa, unsigned long index, xa_mark_t mark);
void xa_clear_mark(struct xarray *xa, unsigned long index, xa_mark_t mark);
bool xa_get_mark(struct xarray *xa, unsigned long index, xa_mark_t mark);
void *xa_find(struct xarray *xa, unsigned long *indexp, unsigned long max, xa_mark_t filter);
void *xa_find_after(struct xarray *xa, unsigned long *indexp, unsigned long max,
		    xa_mark_t filter);
void xa_destroy(struct xarray *xa);

/*
 * With xa_lock held. __xa_store may drop and retake the lock to allocate
 * when gfp allows blocking (as Linux's does). __xa_load has no Linux
 * counterpart: there a reader holds rcu_read_lock() and calls xas_load().
 */
void *__xa_load(struct xarray *xa, unsigned long index);
void *__xa_store(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp);
void *__xa_erase(struct xarray *xa, unsigned long index);
void __xa_set_mark(struct xarray *xa, unsigned long index, xa_mark_t mark);
void __xa_clear_mark(struct xarray *xa, unsigned long index, xa_mark_t mark);

/*
 * Visit each present entry from start to last in index order. The lock
 * is taken for each step, not across the loop, so the body may change
 * the array: an entry stored behind the cursor is not seen, one ahead is.
 */
#define xa_for_each_range(xa, index, entry, start, last)			\
	for (index = (start), entry = xa_find(xa, &index, last, XA_PRESENT);	\
	     entry; entry = xa_find_after(xa, &index, last, XA_PRESENT))

#define xa_for_each_start(xa, index, entry, start) \
	xa_for_each_range(xa, index, entry, start, ~0UL)

#define xa_for_each(xa, index, entry) \
	xa_for_each_start(xa, index, entry, 0)

/* Only the entries with `filter`, a mark (or XA_PRESENT for all). */
#define xa_for_each_marked(xa, index, entry, filter)				\
	for (index = 0, entry = xa_find(xa, &index, ~0UL, filter);		\
	     entry; entry = xa_find_after(xa, &index, ~0UL, filter))

/* ---- nodes, for xarray.c and its tests ------------------------------- */

#define XA_CHUNK_SHIFT 6
#define XA_CHUNK_SIZE  (1UL << XA_CHUNK_SHIFT)
#define XA_CHUNK_MASK  (XA_CHUNK_SIZE - 1)
#define XA_MARK_LONGS  DIV_ROUND_UP(XA_CHUNK_SIZE, BITS_PER_LONG)

/*
 * One level of the tree. Slot i of a node with shift s covers indices
 * whose bits s..s+5 equal i; at shift 0 the slots are the entries, above
 * it they point to nodes one level down. An empty node is freed at once,
 * so every node's count is at least 1.
 */
struct xa_node {
	unsigned char shift;		/* of the index bits this node's slot number is */
	unsigned char offset;		/* this node's slot in its parent */
	unsigned char count;		/* slots in use */
	unsigned char nr_values;	/* of them, value entries (only at shift 0) */
	struct xa_node *parent;		/* NULL for the top node */
	struct xarray *array;
	void *slots[XA_CHUNK_SIZE];
	unsigned long marks[XA_MAX_MARKS][XA_MARK_LONGS];
};

/* A node pointer in a slot or in xa_head: the address with bit 1 set. */
static inline bool xa_is_node(const void *entry)
{
	return xa_is_internal(entry) && (unsigned long)entry > 4096;
}

static inline struct xa_node *xa_to_node(const void *entry)
{
	return (struct xa_node *)((unsigned long)entry - 2);
}

static inline void *xa_mk_node(const struct xa_node *node)
{
	return (void *)((unsigned long)node | 2);
}

/*
 * Nodes come from this cache (Linux shares it with the radix tree, under
 * the same name, so /proc/slabinfo shows "radix_tree_node").
 */
extern struct kmem_cache *radix_tree_node_cachep;
void radix_tree_init(void);

#endif
