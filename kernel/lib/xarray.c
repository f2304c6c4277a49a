/*
 * The XArray (Linux: lib/xarray.c): lookup, store and erase, marks, and
 * searching for the next present or marked entry. The layout and the
 * locking rules are in xarray.h.
 *
 * Linux builds all of this on a cursor, struct xa_state, with an
 * "advanced API" (xas_load, xas_store, xas_find_marked...) that callers
 * such as the page cache use directly; it also stores multi-index
 * entries and reads under RCU. Pagoda keeps only the normal API, each
 * function a plain walk from the top node down.
 */
#include "xarray.h"
#include "mm/slab.h"
#include "bitops.h"
#include "errno.h"
#include "string.h"

struct kmem_cache *radix_tree_node_cachep;

_Static_assert(XA_MARK_LONGS == 1, "one long of marks per node and mark");

/* Linux: radix_tree_init(), called from start_kernel(). */
void radix_tree_init(void)
{
	radix_tree_node_cachep = kmem_cache_create("radix_tree_node", sizeof(struct xa_node), 0,
						   SLAB_PANIC | SLAB_RECLAIM_ACCOUNT, NULL);
}

/* ---- positions ------------------------------------------------------- */

/* Which slot of `node` the index falls in. */
static inline unsigned int xa_offset(const struct xa_node *node, unsigned long index)
{
	return (index >> node->shift) & XA_CHUNK_MASK;
}

/*
 * The index bits decided at or below `node`. At shift 60, 64 << 60
 * overflows to 0 (well defined for unsigned long) and the mask is all
 * ones: that node covers every index.
 */
static inline unsigned long xa_node_mask(const struct xa_node *node)
{
	return (XA_CHUNK_SIZE << node->shift) - 1;
}

/* The largest index the tree can hold without growing. */
static unsigned long xa_max_index(const void *head)
{
	return xa_is_node(head) ? xa_node_mask(xa_to_node(head)) : 0;
}

/* The shift of the smallest top node that covers `index`. */
static unsigned int xa_shift_for(unsigned long index)
{
	unsigned int shift = 0;

	while (shift + XA_CHUNK_SHIFT < BITS_PER_LONG && (index >> shift) > XA_CHUNK_MASK)
		shift += XA_CHUNK_SHIFT;
	return shift;
}

/* The shift-0 node that holds `index`, or NULL if there is none. */
static struct xa_node *xa_leaf(const struct xarray *xa, unsigned long index)
{
	void *entry = xa->xa_head;
	struct xa_node *node;

	if (!xa_is_node(entry) || index > xa_max_index(entry))
		return NULL;
	node = xa_to_node(entry);
	while (node->shift) {
		entry = node->slots[xa_offset(node, index)];
		if (!entry)
			return NULL;
		node = xa_to_node(entry);
	}
	return node;
}

/* ---- marks ----------------------------------------------------------- */

static inline bool node_get_mark(const struct xa_node *node, unsigned int offset, xa_mark_t mark)
{
	return node->marks[mark][0] & BIT(offset);
}

static inline bool node_any_mark(const struct xa_node *node, xa_mark_t mark)
{
	return node->marks[mark][0] != 0;
}

/*
 * Mark `offset` of `node`, and the path above it. A bit already set
 * means every bit above is set too, so the walk stops there.
 */
static void xa_set_mark_up(struct xarray *xa, struct xa_node *node, unsigned int offset,
			   xa_mark_t mark)
{
	for (; node; offset = node->offset, node = node->parent) {
		if (node_get_mark(node, offset, mark))
			return;
		node->marks[mark][0] |= BIT(offset);
	}
	xa->xa_flags |= XA_FLAGS_MARK(mark);
}

/* Unmark `offset`, and each node above whose last marked slot that was. */
static void xa_clear_mark_up(struct xarray *xa, struct xa_node *node, unsigned int offset,
			     xa_mark_t mark)
{
	for (; node; offset = node->offset, node = node->parent) {
		node->marks[mark][0] &= ~BIT(offset);
		if (node_any_mark(node, mark))
			return;
	}
	xa->xa_flags &= ~XA_FLAGS_MARK(mark);
}

/* ---- nodes ----------------------------------------------------------- */

/* The nodes set aside for one store, chained through ->parent. */
struct xa_spare {
	struct xa_node *list;
	int nr;
};

static struct xa_node *xa_node_take(struct xa_spare *spare, struct xarray *xa,
				    unsigned int shift, struct xa_node *parent, unsigned int offset)
{
	struct xa_node *node = spare->list;

	spare->list = node->parent;
	spare->nr--;
	memset(node, 0, sizeof(*node));
	node->shift = shift;
	node->offset = offset;
	node->parent = parent;
	node->array = xa;
	return node;
}

static void xa_spare_free(struct xa_spare *spare)
{
	while (spare->list) {
		struct xa_node *node = spare->list;

		spare->list = node->parent;
		kmem_cache_free(radix_tree_node_cachep, node);
	}
	spare->nr = 0;
}

/*
 * How many nodes storing at `index` would allocate: new levels on top if
 * the tree is too short, then the missing nodes on the way down.
 */
static int xa_nodes_needed(const struct xarray *xa, unsigned long index)
{
	void *head = xa->xa_head;
	unsigned int top = xa_shift_for(index);
	struct xa_node *node;

	if (!xa_is_node(head)) {
		if (!index)
			return 0;			/* xa_head itself is the slot */
		if (!head)
			return top / XA_CHUNK_SHIFT + 1;
		/* The entry at 0 moves into a shift-0 node, which grows to `top`. */
		return 1 + 2 * (top / XA_CHUNK_SHIFT);
	}
	node = xa_to_node(head);
	if (index > xa_node_mask(node))		/* new levels, then a fresh path below */
		return (top - node->shift) / XA_CHUNK_SHIFT + top / XA_CHUNK_SHIFT;
	while (node->shift) {
		void *entry = node->slots[xa_offset(node, index)];

		if (!entry)
			return node->shift / XA_CHUNK_SHIFT;
		node = xa_to_node(entry);
	}
	return 0;
}

/*
 * Set aside every node the store will need, so that once it starts to
 * change the tree it cannot fail: a store that returns -ENOMEM leaves
 * the array as it was. A blocking gfp allocates with the lock dropped;
 * the tree may change meanwhile, so count again after. Linux allocates
 * one node at a time and retries the whole store instead (xas_nomem).
 */
static int xa_prealloc(struct xarray *xa, unsigned long index, gfp_t gfp, struct xa_spare *spare)
{
	bool unlock = gfpflags_allow_blocking(gfp), failed = false;
	int need;

	while ((need = xa_nodes_needed(xa, index)) > spare->nr) {
		if (failed)
			return -ENOMEM;
		if (unlock)
			xa_unlock(xa);
		while (spare->nr < need) {
			struct xa_node *node = kmem_cache_alloc(radix_tree_node_cachep, gfp);

			if (!node) {
				failed = true;
				break;
			}
			node->parent = spare->list;
			spare->list = node;
			spare->nr++;
		}
		if (unlock)
			xa_lock(xa);
	}
	return 0;
}

/*
 * Add levels on top until the tree covers `index`. The old tree becomes
 * slot 0 of the new top, so its marks, summarised in xa_flags, become
 * the new top's slot-0 marks. An entry at xa_head is index 0's: it moves
 * into slot 0 of a shift-0 node first.
 */
static void xa_expand(struct xarray *xa, unsigned long index, struct xa_spare *spare)
{
	void *head = xa->xa_head;
	struct xa_node *node;
	xa_mark_t mark;

	if (!head) {
		xa->xa_head = xa_mk_node(xa_node_take(spare, xa, xa_shift_for(index), NULL, 0));
		return;
	}
	while (index > xa_max_index(xa->xa_head)) {
		head = xa->xa_head;
		if (xa_is_node(head)) {
			node = xa_node_take(spare, xa, xa_to_node(head)->shift + XA_CHUNK_SHIFT, NULL, 0);
			xa_to_node(head)->parent = node;
		} else {
			node = xa_node_take(spare, xa, 0, NULL, 0);
			node->nr_values = xa_is_value(head);
		}
		node->slots[0] = head;
		node->count = 1;
		for (mark = 0; mark < XA_MAX_MARKS; mark++)
			if (xa_marked(xa, mark))
				node->marks[mark][0] = BIT(0);
		xa->xa_head = xa_mk_node(node);
	}
}

/* Free `node` and every empty node above it, emptying their parents' slots. */
static void xa_delete_empty(struct xarray *xa, struct xa_node *node)
{
	while (node && node->count == 0) {
		struct xa_node *parent = node->parent;

		if (parent) {
			parent->slots[node->offset] = NULL;
			parent->count--;
		} else {
			xa->xa_head = NULL;
		}
		kmem_cache_free(radix_tree_node_cachep, node);
		node = parent;
	}
}

/*
 * While the top node holds only slot 0, it adds nothing: slot 0 becomes
 * the top (or, at shift 0, xa_head holds the index-0 entry itself). The
 * marks in xa_flags still describe the same entries.
 */
static void xa_shrink(struct xarray *xa)
{
	while (xa_is_node(xa->xa_head)) {
		struct xa_node *node = xa_to_node(xa->xa_head);
		void *entry = node->slots[0];

		if (node->count != 1 || !entry)
			return;
		xa->xa_head = entry;
		if (xa_is_node(entry))
			xa_to_node(entry)->parent = NULL;
		kmem_cache_free(radix_tree_node_cachep, node);
	}
}

/* ---- load, store, erase (with xa_lock held) -------------------------- */

void *__xa_load(struct xarray *xa, unsigned long index)
{
	struct xa_node *node;

	if (!xa_is_node(xa->xa_head))
		return index ? NULL : xa->xa_head;
	node = xa_leaf(xa, index);
	return node ? node->slots[xa_offset(node, index)] : NULL;
}

/* Store a non-NULL entry, taking any new nodes from `spare`. Marks stay. */
static void *xa_store_prepared(struct xarray *xa, unsigned long index, void *entry,
			       struct xa_spare *spare)
{
	struct xa_node *node;
	unsigned int offset;
	void *old;

	if (!index && !xa_is_node(xa->xa_head)) {
		old = xa->xa_head;
		xa->xa_head = entry;
		return old;
	}
	if (index > xa_max_index(xa->xa_head))
		xa_expand(xa, index, spare);
	node = xa_to_node(xa->xa_head);
	while (node->shift) {
		offset = xa_offset(node, index);
		if (!node->slots[offset]) {
			node->slots[offset] = xa_mk_node(xa_node_take(spare, xa,
					node->shift - XA_CHUNK_SHIFT, node, offset));
			node->count++;
		}
		node = xa_to_node(node->slots[offset]);
	}
	offset = xa_offset(node, index);
	old = node->slots[offset];
	node->slots[offset] = entry;
	node->count += !old;
	node->nr_values += xa_is_value(entry) - xa_is_value(old);
	return old;
}

void *__xa_store(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp)
{
	struct xa_spare spare = { NULL, 0 };
	void *old;
	int err;

	if (!entry)
		return __xa_erase(xa, index);
	if (xa_is_internal(entry))
		return XA_ERROR(-EINVAL);
	err = xa_prealloc(xa, index, gfp, &spare);
	old = err ? XA_ERROR(err) : xa_store_prepared(xa, index, entry, &spare);
	xa_spare_free(&spare);
	return old;
}

/* The entry's marks go with it, and so do nodes left empty. */
void *__xa_erase(struct xarray *xa, unsigned long index)
{
	struct xa_node *node;
	unsigned int offset;
	xa_mark_t mark;
	void *old;

	if (!xa_is_node(xa->xa_head)) {
		if (index)
			return NULL;
		old = xa->xa_head;
		xa->xa_head = NULL;
		xa->xa_flags &= ~XA_FLAGS_MARKS;
		return old;
	}
	node = xa_leaf(xa, index);
	if (!node)
		return NULL;
	offset = xa_offset(node, index);
	old = node->slots[offset];
	if (!old)
		return NULL;
	for (mark = 0; mark < XA_MAX_MARKS; mark++)
		if (node_get_mark(node, offset, mark))
			xa_clear_mark_up(xa, node, offset, mark);
	node->slots[offset] = NULL;
	node->count--;
	node->nr_values -= xa_is_value(old);
	xa_delete_empty(xa, node);
	xa_shrink(xa);
	return old;
}

/* ---- marks (with xa_lock held) --------------------------------------- */

/* Only a present entry can be marked; else nothing happens. */
void __xa_set_mark(struct xarray *xa, unsigned long index, xa_mark_t mark)
{
	struct xa_node *node;

	if (mark > XA_MARK_MAX || !__xa_load(xa, index))
		return;
	node = xa_leaf(xa, index);
	if (node)
		xa_set_mark_up(xa, node, xa_offset(node, index), mark);
	else
		xa->xa_flags |= XA_FLAGS_MARK(mark);	/* the entry at xa_head */
}

void __xa_clear_mark(struct xarray *xa, unsigned long index, xa_mark_t mark)
{
	struct xa_node *node;

	if (mark > XA_MARK_MAX || !__xa_load(xa, index))
		return;
	node = xa_leaf(xa, index);
	if (node)
		xa_clear_mark_up(xa, node, xa_offset(node, index), mark);
	else
		xa->xa_flags &= ~XA_FLAGS_MARK(mark);
}

static bool __xa_get_mark(struct xarray *xa, unsigned long index, xa_mark_t mark)
{
	struct xa_node *node;

	if (mark > XA_MARK_MAX || !__xa_load(xa, index))
		return false;
	node = xa_leaf(xa, index);
	if (!node)
		return xa_marked(xa, mark);
	return node_get_mark(node, xa_offset(node, index), mark);
}

/* ---- searching ------------------------------------------------------- */

/* The first slot at or after `offset` that holds an entry matching `filter`. */
static unsigned int xa_next_slot(const struct xa_node *node, unsigned int offset,
				 xa_mark_t filter)
{
	unsigned long bits;

	if (filter == XA_PRESENT) {
		while (offset < XA_CHUNK_SIZE && !node->slots[offset])
			offset++;
		return offset;
	}
	if (offset >= XA_CHUNK_SIZE)
		return XA_CHUNK_SIZE;
	bits = node->marks[filter][0] & (~0UL << offset);
	return bits ? __ffs(bits) : XA_CHUNK_SIZE;
}

/*
 * Walk down towards *indexp; where a node has nothing at or after the
 * index, go back up and on to the parent's next matching slot, then
 * down its leftmost matching path. Marks make unmarked subtrees
 * invisible, so a marked search touches O(height) nodes per hit.
 */
static void *__xa_find(struct xarray *xa, unsigned long *indexp, unsigned long max,
		       xa_mark_t filter)
{
	unsigned long index = *indexp;
	void *head = xa->xa_head;
	struct xa_node *node;
	unsigned int offset;

	if (index > max || !head || (filter != XA_PRESENT && !xa_marked(xa, filter)))
		return NULL;
	if (!xa_is_node(head))
		return index ? NULL : head;
	node = xa_to_node(head);
	if (index > xa_node_mask(node))
		return NULL;
	for (;;) {
		offset = xa_next_slot(node, xa_offset(node, index), filter);
		while (offset == XA_CHUNK_SIZE) {
			if (!node->parent)
				return NULL;
			offset = xa_next_slot(node->parent, node->offset + 1, filter);
			node = node->parent;
		}
		/* Moved right: start at the first index under the new slot. */
		if (offset != xa_offset(node, index))
			index = (index & ~xa_node_mask(node)) | ((unsigned long)offset << node->shift);
		if (index > max)
			return NULL;
		if (!node->shift) {
			*indexp = index;
			return node->slots[offset];
		}
		node = xa_to_node(node->slots[offset]);
	}
}

/* ---- the locked API -------------------------------------------------- */

/* Readers turn interrupts off: see "Locking" in xarray.h. */
void *xa_load(struct xarray *xa, unsigned long index)
{
	unsigned long flags;
	void *entry;

	xa_lock_irqsave(xa, flags);
	entry = __xa_load(xa, index);
	xa_unlock_irqrestore(xa, flags);
	return entry;
}

bool xa_get_mark(struct xarray *xa, unsigned long index, xa_mark_t mark)
{
	unsigned long flags;
	bool marked;

	xa_lock_irqsave(xa, flags);
	marked = __xa_get_mark(xa, index, mark);
	xa_unlock_irqrestore(xa, flags);
	return marked;
}

/*
 * The first entry at an index in [*indexp, max] that is present
 * (filter XA_PRESENT) or has the mark `filter`; *indexp is set to its
 * index. NULL, with *indexp unchanged, if there is none.
 */
void *xa_find(struct xarray *xa, unsigned long *indexp, unsigned long max, xa_mark_t filter)
{
	unsigned long flags;
	void *entry;

	if (filter != XA_PRESENT && filter > XA_MARK_MAX)
		return NULL;
	xa_lock_irqsave(xa, flags);
	entry = __xa_find(xa, indexp, max, filter);
	xa_unlock_irqrestore(xa, flags);
	return entry;
}

/* As xa_find, strictly after *indexp: the step of the xa_for_each loops. */
void *xa_find_after(struct xarray *xa, unsigned long *indexp, unsigned long max,
		    xa_mark_t filter)
{
	unsigned long index = *indexp + 1;
	void *entry;

	if (!index)		/* *indexp was ULONG_MAX */
		return NULL;
	entry = xa_find(xa, &index, max, filter);
	if (entry)
		*indexp = index;
	return entry;
}

/* Returns the old entry, NULL, or an error entry (-ENOMEM, -EINVAL): see xa_err(). */
void *xa_store(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp)
{
	void *old;

	xa_lock(xa);
	old = __xa_store(xa, index, entry, gfp);
	xa_unlock(xa);
	return old;
}

void *xa_erase(struct xarray *xa, unsigned long index)
{
	void *old;

	xa_lock(xa);
	old = __xa_erase(xa, index);
	xa_unlock(xa);
	return old;
}

void xa_set_mark(struct xarray *xa, unsigned long index, xa_mark_t mark)
{
	xa_lock(xa);
	__xa_set_mark(xa, index, mark);
	xa_unlock(xa);
}

void xa_clear_mark(struct xarray *xa, unsigned long index, xa_mark_t mark)
{
	xa_lock(xa);
	__xa_clear_mark(xa, index, mark);
	xa_unlock(xa);
}

/*
 * Empty the array and free its nodes; the entries themselves are the
 * caller's. The tree is detached under the lock and freed after, children
 * before parents, without rebalancing anything on the way.
 */
void xa_destroy(struct xarray *xa)
{
	struct xa_node *node, *parent;
	unsigned int offset = 0;
	unsigned long flags;
	void *head;

	xa_lock_irqsave(xa, flags);
	head = xa->xa_head;
	xa->xa_head = NULL;
	xa->xa_flags &= ~XA_FLAGS_MARKS;
	xa_unlock_irqrestore(xa, flags);
	if (!xa_is_node(head))
		return;
	node = xa_to_node(head);
	for (;;) {
		if (node->shift)
			offset = xa_next_slot(node, offset, XA_PRESENT);
		if (node->shift && offset < XA_CHUNK_SIZE) {
			node = xa_to_node(node->slots[offset]);
			offset = 0;
			continue;
		}
		parent = node->parent;
		offset = node->offset + 1;
		kmem_cache_free(radix_tree_node_cachep, node);
		if (!parent)
			return;
		node = parent;
	}
}
