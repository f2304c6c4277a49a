/*
 * Red-black trees (Linux: include/linux/rbtree.h, rbtree_types.h).
 *
 * A balanced binary search tree whose nodes live inside the caller's own
 * structures, as a list_head does. The tree knows nothing of keys: the
 * caller walks down comparing keys, links the new node where the walk
 * fell off (rb_link_node), then asks the tree to rebalance
 * (rb_insert_color). A lookup is the same walk, written by the caller:
 *
 *     struct rb_node **link = &root->rb_node, *parent = NULL;
 *     while (*link) {
 *             parent = *link;
 *             if (key < rb_entry(parent, struct thing, node)->key)
 *                     link = &parent->rb_left;
 *             else
 *                     link = &parent->rb_right;
 *     }
 *     rb_link_node(&new->node, parent, link);
 *     rb_insert_color(&new->node, root);
 *
 * The colours keep every path from the root to a leaf within twice the
 * length of any other, so a tree of n nodes is at most 2*log2(n+1) deep:
 * the walk, the insert and rb_erase are O(log n).
 *
 * The rules (checked by kernel/lib/tests/rbtree_test.c):
 *   1. every node is red or black, and the root is black;
 *   2. a red node has no red child;
 *   3. every path from a node down to a missing child passes the same
 *      number of black nodes (its black height).
 *
 * No locking here: the structure that embeds the root provides it.
 * Linux also has augmented trees (rbtree_augmented.h) and a cached
 * leftmost node (rb_root_cached); Pagoda has neither yet.
 */
#ifndef _KERNEL_RBTREE_H
#define _KERNEL_RBTREE_H

#include "types.h"

/*
 * The parent pointer and the colour share a word: nodes are at least
 * 4-byte aligned, so bit 0 of the parent's address is free for the
 * colour (0 red, 1 black).
 */
struct rb_node {
	unsigned long __rb_parent_color;
	struct rb_node *rb_right;
	struct rb_node *rb_left;
} __aligned(sizeof(long));

struct rb_root {
	struct rb_node *rb_node;
};

#define RB_RED   0
#define RB_BLACK 1

#define RB_ROOT (struct rb_root) { NULL, }

#define rb_parent(r) ((struct rb_node *)((r)->__rb_parent_color & ~3UL))
#define rb_entry(ptr, type, member) container_of(ptr, type, member)
#define rb_entry_safe(ptr, type, member) \
	({ typeof(ptr) ____ptr = (ptr); ____ptr ? rb_entry(____ptr, type, member) : NULL; })

#define RB_EMPTY_ROOT(root) (READ_ONCE((root)->rb_node) == NULL)

/* A node on no tree points at itself, so RB_EMPTY_NODE can tell. */
#define RB_EMPTY_NODE(node) ((node)->__rb_parent_color == (unsigned long)(node))
#define RB_CLEAR_NODE(node) ((node)->__rb_parent_color = (unsigned long)(node))

/*
 * Put `node` where the caller's search ended: *rb_link is the empty child
 * pointer of `parent` (or the root pointer, with parent NULL). The node
 * is red, so no black height changes; rb_insert_color repairs a red
 * parent.
 */
static inline void rb_link_node(struct rb_node *node, struct rb_node *parent,
				struct rb_node **rb_link)
{
	node->__rb_parent_color = (unsigned long)parent;
	node->rb_left = node->rb_right = NULL;
	*rb_link = node;
}

void rb_insert_color(struct rb_node *node, struct rb_root *root);
void rb_erase(struct rb_node *node, struct rb_root *root);
/* Put `new` in `victim`'s place, same key, no rebalancing needed. */
void rb_replace_node(struct rb_node *victim, struct rb_node *new, struct rb_root *root);

/* In-order traversal: smallest, largest, and each node's neighbours. */
struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);

/*
 * Post-order traversal: children before parents, so a whole tree can be
 * freed without rebalancing it (Linux: rbtree_postorder_for_each_entry_safe).
 */
struct rb_node *rb_first_postorder(const struct rb_root *root);
struct rb_node *rb_next_postorder(const struct rb_node *node);

#define rbtree_postorder_for_each_entry_safe(pos, n, root, field)			\
	for (pos = rb_entry_safe(rb_first_postorder(root), typeof(*pos), field);	\
	     pos && ({ n = rb_entry_safe(rb_next_postorder(&pos->field),		\
					  typeof(*pos), field); 1; });			\
	     pos = n)

#endif
