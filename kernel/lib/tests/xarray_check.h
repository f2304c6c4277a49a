/*
 * What the XArray tests check after each change: xa_check() walks every
 * node and verifies the bookkeeping that xarray.c's fast paths trust
 * (counts, parent links, mark summaries, the shrink rule), and
 * nodes_in_use() counts the node cache's objects for the leak checks.
 */
#ifndef _LIB_TESTS_XARRAY_CHECK_H
#define _LIB_TESTS_XARRAY_CHECK_H

#include "kunit/test.h"
#include "xarray.h"
#include "mm/slab.h"

/* A fake pointer entry: never dereferenced, low bits clear, never NULL. */
static inline void *test_ptr(unsigned long n)
{
	return (void *)((n << 3) | 0x1000);
}

/* Nodes allocated from the node cache right now, exactly. */
static inline unsigned long nodes_in_use(void)
{
	struct slabinfo si;

	kmem_cache_shrink(radix_tree_node_cachep);	/* per-CPU slabs back on the lists */
	get_slabinfo(radix_tree_node_cachep, &si);
	return si.active_objs;
}

/* Levels of nodes: 0 while xa_head is NULL or the entry at index 0. */
static inline int xa_height(struct xarray *xa)
{
	void *head = xa->xa_head;

	return xa_is_node(head) ? xa_to_node(head)->shift / XA_CHUNK_SHIFT + 1 : 0;
}

/*
 * Check a node and its subtree. Returns the number of entries below it,
 * or -1 with *why set. *nr_nodes counts the nodes seen.
 */
static inline long xa_check_node(struct xarray *xa, struct xa_node *node, struct xa_node *parent,
			  unsigned int offset, unsigned int shift, unsigned long *nr_nodes,
			  const char **why)
{
	unsigned int count = 0, values = 0;
	long entries = 0, sub;

	(*nr_nodes)++;
	if (node->parent != parent || node->offset != offset || node->shift != shift ||
	    node->array != xa)
		return *why = "node's parent, offset, shift or array is wrong", -1;
	for (unsigned int i = 0; i < XA_CHUNK_SIZE; i++) {
		void *slot = node->slots[i];

		for (xa_mark_t m = 0; m < XA_MAX_MARKS; m++) {
			bool bit = node->marks[m][0] & BIT(i);
			bool below = slot && shift && xa_to_node(slot)->marks[m][0];

			if (bit && !slot)
				return *why = "mark on an empty slot", -1;
			if (shift && bit != below)
				return *why = "a mark summary differs from the node below", -1;
		}
		if (!slot)
			continue;
		count++;
		if (xa_is_node(slot) != (shift != 0))
			return *why = "node pointer at shift 0, or entry above it", -1;
		if (!shift) {
			values += xa_is_value(slot);
			entries++;
			continue;
		}
		sub = xa_check_node(xa, xa_to_node(slot), node, i, shift - XA_CHUNK_SHIFT,
				    nr_nodes, why);
		if (sub < 0)
			return -1;
		entries += sub;
	}
	if (count != node->count || values != node->nr_values)
		return *why = "count or nr_values is wrong", -1;
	if (!count)
		return *why = "an empty node was kept", -1;
	return entries;
}

/* The whole tree is consistent and holds `entries` entries in `nodes` nodes. */
static inline bool xa_check(struct kunit *test, struct xarray *xa, long entries, unsigned long *nodes)
{
	unsigned long nr_nodes = 0;
	const char *why = NULL;
	void *head = xa->xa_head;
	long found = head ? 1 : 0;

	if (xa_is_node(head)) {
		struct xa_node *top = xa_to_node(head);

		found = xa_check_node(xa, top, NULL, 0, top->shift, &nr_nodes, &why);
		for (xa_mark_t m = 0; !why && m < XA_MAX_MARKS; m++)
			if (xa_marked(xa, m) != (top->marks[m][0] != 0))
				why = "xa_flags marks differ from the top node's";
		if (!why && top->count == 1 && top->slots[0])
			why = "the top node holds only slot 0: it should have shrunk";
	} else if (!head && (xa->xa_flags & XA_FLAGS_MARKS)) {
		why = "an empty array is marked";
	}
	if (!why && found != entries)
		why = "entry count differs";
	if (nodes)
		*nodes = nr_nodes;
	if (why) {
		kunit_fail(test, __FILE__, __LINE__, "xarray broken: %s (%ld entries expected)",
			   why, entries);
		return false;
	}
	return true;
}

#endif
