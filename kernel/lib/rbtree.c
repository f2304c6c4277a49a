/*
 * Red-black trees: rebalancing after an insert or an erase, and walking
 * in order (Linux: lib/rbtree.c). The rules are in rbtree.h.
 *
 * Both repairs are the textbook ones (Cormen et al., chapter 13), with a
 * missing child counting as black. Linux's lib/rbtree.c does the same
 * cases with the rotations merged into the colour changes and with hooks
 * for augmented trees; here every rotation is a call, so each case reads
 * as it is drawn on the board.
 */
#include "rbtree.h"

/* ---- the parent-and-colour word -------------------------------------- */

static inline int rb_color(const struct rb_node *node)
{
	return node->__rb_parent_color & 1;
}

/* A missing child is black. */
static inline bool rb_is_red(const struct rb_node *node)
{
	return node && rb_color(node) == RB_RED;
}

static inline bool rb_is_black(const struct rb_node *node)
{
	return !rb_is_red(node);
}

static inline void rb_set_parent(struct rb_node *node, struct rb_node *parent)
{
	node->__rb_parent_color = (unsigned long)parent | rb_color(node);
}

static inline void rb_set_color(struct rb_node *node, int color)
{
	node->__rb_parent_color = (node->__rb_parent_color & ~1UL) | color;
}

static inline void rb_set_black(struct rb_node *node)
{
	rb_set_color(node, RB_BLACK);
}

static inline void rb_set_red(struct rb_node *node)
{
	rb_set_color(node, RB_RED);
}

/* Make whatever pointed at `old` (its parent, or the root) point at `new`. */
static inline void rb_change_child(struct rb_node *old, struct rb_node *new,
				   struct rb_node *parent, struct rb_root *root)
{
	if (!parent)
		root->rb_node = new;
	else if (parent->rb_left == old)
		parent->rb_left = new;
	else
		parent->rb_right = new;
}

/* ---- rotations ------------------------------------------------------- */

/*
 *        x                 y
 *       / \               / \
 *      a   y     ==>     x   c
 *         / \           / \
 *        b   c         a   b
 *
 * The in-order sequence (a x b y c) is unchanged, so the tree stays
 * sorted; colours are the caller's business.
 */
static void rb_rotate_left(struct rb_node *x, struct rb_root *root)
{
	struct rb_node *y = x->rb_right;
	struct rb_node *parent = rb_parent(x);

	x->rb_right = y->rb_left;
	if (y->rb_left)
		rb_set_parent(y->rb_left, x);
	y->rb_left = x;
	rb_set_parent(y, parent);
	rb_change_child(x, y, parent, root);
	rb_set_parent(x, y);
}

/* The mirror image: x's left child y takes x's place. */
static void rb_rotate_right(struct rb_node *x, struct rb_root *root)
{
	struct rb_node *y = x->rb_left;
	struct rb_node *parent = rb_parent(x);

	x->rb_left = y->rb_right;
	if (y->rb_right)
		rb_set_parent(y->rb_right, x);
	y->rb_right = x;
	rb_set_parent(y, parent);
	rb_change_child(x, y, parent, root);
	rb_set_parent(x, y);
}

/* ---- insertion ------------------------------------------------------- */

/*
 * A freshly linked node is red, so black heights hold; the only rule
 * that can break is "no red child of a red parent". Walk up fixing it:
 *
 *  - red uncle: recolour parent and uncle black, grandparent red, and
 *    look again two levels up (the grandparent may now have a red parent);
 *  - black uncle: one or two rotations end it. If node is an "inner"
 *    grandchild, first rotate it to the outside; then rotate the
 *    grandparent away from it and swap the two colours.
 */
void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *parent, *gparent, *uncle;

	while ((parent = rb_parent(node)) && rb_is_red(parent)) {
		/* A red parent is never the root, so the grandparent exists. */
		gparent = rb_parent(parent);
		if (parent == gparent->rb_left) {
			uncle = gparent->rb_right;
			if (rb_is_red(uncle)) {
				rb_set_black(parent);
				rb_set_black(uncle);
				rb_set_red(gparent);
				node = gparent;
				continue;
			}
			if (node == parent->rb_right) {
				rb_rotate_left(parent, root);
				parent = node;
			}
			rb_set_black(parent);
			rb_set_red(gparent);
			rb_rotate_right(gparent, root);
			break;
		} else {
			uncle = gparent->rb_left;
			if (rb_is_red(uncle)) {
				rb_set_black(parent);
				rb_set_black(uncle);
				rb_set_red(gparent);
				node = gparent;
				continue;
			}
			if (node == parent->rb_left) {
				rb_rotate_right(parent, root);
				parent = node;
			}
			rb_set_black(parent);
			rb_set_red(gparent);
			rb_rotate_left(gparent, root);
			break;
		}
	}
	rb_set_black(root->rb_node);
}

/* ---- erasure --------------------------------------------------------- */

/*
 * A black node left the path through `parent` on `node`'s side (node may
 * be NULL), so that side is one black short. Push the shortage up, or
 * borrow a black from the sibling's side:
 *
 *  1. red sibling: rotate it above parent, making the sibling black
 *     (this changes nothing yet but gives a black sibling for 2-4);
 *  2. black sibling with two black children: make it red, so both sides
 *     of parent are short, and carry the shortage up to parent;
 *  3. black sibling, its far child black and near child red: rotate the
 *     near child up, becoming case 4;
 *  4. black sibling with a red far child: rotate sibling above parent,
 *     it takes parent's colour, parent and the far child turn black. Done.
 *
 * A red node reached going up simply turns black, which pays the debt.
 */
static void rb_erase_fixup(struct rb_node *node, struct rb_node *parent, struct rb_root *root)
{
	struct rb_node *sibling;

	while (node != root->rb_node && rb_is_black(node)) {
		/* The short side holds a black less than the other, so a sibling exists. */
		if (node == parent->rb_left) {
			sibling = parent->rb_right;
			if (rb_is_red(sibling)) {				/* 1 */
				rb_set_black(sibling);
				rb_set_red(parent);
				rb_rotate_left(parent, root);
				sibling = parent->rb_right;
			}
			if (rb_is_black(sibling->rb_left) && rb_is_black(sibling->rb_right)) {
				rb_set_red(sibling);				/* 2 */
				node = parent;
				parent = rb_parent(node);
				continue;
			}
			if (rb_is_black(sibling->rb_right)) {		/* 3 */
				rb_set_black(sibling->rb_left);
				rb_set_red(sibling);
				rb_rotate_right(sibling, root);
				sibling = parent->rb_right;
			}
			rb_set_color(sibling, rb_color(parent));		/* 4 */
			rb_set_black(parent);
			rb_set_black(sibling->rb_right);
			rb_rotate_left(parent, root);
		} else {
			sibling = parent->rb_left;
			if (rb_is_red(sibling)) {
				rb_set_black(sibling);
				rb_set_red(parent);
				rb_rotate_right(parent, root);
				sibling = parent->rb_left;
			}
			if (rb_is_black(sibling->rb_left) && rb_is_black(sibling->rb_right)) {
				rb_set_red(sibling);
				node = parent;
				parent = rb_parent(node);
				continue;
			}
			if (rb_is_black(sibling->rb_left)) {
				rb_set_black(sibling->rb_right);
				rb_set_red(sibling);
				rb_rotate_left(sibling, root);
				sibling = parent->rb_left;
			}
			rb_set_color(sibling, rb_color(parent));
			rb_set_black(parent);
			rb_set_black(sibling->rb_left);
			rb_rotate_right(parent, root);
		}
		node = root->rb_node;
		break;
	}
	if (node)
		rb_set_black(node);
}

/*
 * Unlink `node`. With at most one child, the child takes its place. With
 * two, its in-order successor (the leftmost node of its right subtree,
 * which has no left child) is unlinked from where it was and takes node's
 * place and colour, so the tree loses a node at the successor's old spot.
 * Either way, if the node that really left the tree was black, its path
 * is a black short and rb_erase_fixup repairs it.
 */
void rb_erase(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *child, *parent, *succ;
	int color;

	if (!node->rb_left || !node->rb_right) {
		child = node->rb_left ? node->rb_left : node->rb_right;
		parent = rb_parent(node);
		color = rb_color(node);
		if (child)
			rb_set_parent(child, parent);
		rb_change_child(node, child, parent, root);
	} else {
		succ = node->rb_right;
		while (succ->rb_left)
			succ = succ->rb_left;
		child = succ->rb_right;
		color = rb_color(succ);
		if (rb_parent(succ) == node) {
			parent = succ;		/* succ keeps its right subtree */
		} else {
			parent = rb_parent(succ);
			parent->rb_left = child;
			if (child)
				rb_set_parent(child, parent);
			succ->rb_right = node->rb_right;
			rb_set_parent(node->rb_right, succ);
		}
		succ->rb_left = node->rb_left;
		rb_set_parent(node->rb_left, succ);
		succ->__rb_parent_color = node->__rb_parent_color;
		rb_change_child(node, succ, rb_parent(node), root);
	}
	if (color == RB_BLACK)
		rb_erase_fixup(child, parent, root);
}

void rb_replace_node(struct rb_node *victim, struct rb_node *new, struct rb_root *root)
{
	struct rb_node *parent = rb_parent(victim);

	*new = *victim;
	if (victim->rb_left)
		rb_set_parent(victim->rb_left, new);
	if (victim->rb_right)
		rb_set_parent(victim->rb_right, new);
	rb_change_child(victim, new, parent, root);
}

/* ---- traversal ------------------------------------------------------- */

struct rb_node *rb_first(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_left)
		n = n->rb_left;
	return n;
}

struct rb_node *rb_last(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_right)
		n = n->rb_right;
	return n;
}

/*
 * The next node in order: the leftmost of the right subtree if there is
 * one, else the first ancestor of which we are in the left subtree.
 */
struct rb_node *rb_next(const struct rb_node *node)
{
	struct rb_node *parent;

	if (RB_EMPTY_NODE(node))
		return NULL;
	if (node->rb_right) {
		node = node->rb_right;
		while (node->rb_left)
			node = node->rb_left;
		return (struct rb_node *)node;
	}
	while ((parent = rb_parent(node)) && node == parent->rb_right)
		node = parent;
	return parent;
}

struct rb_node *rb_prev(const struct rb_node *node)
{
	struct rb_node *parent;

	if (RB_EMPTY_NODE(node))
		return NULL;
	if (node->rb_left) {
		node = node->rb_left;
		while (node->rb_right)
			node = node->rb_right;
		return (struct rb_node *)node;
	}
	while ((parent = rb_parent(node)) && node == parent->rb_left)
		node = parent;
	return parent;
}

/* The first node post-order below `node`: go left when possible, else right. */
static struct rb_node *rb_left_deepest_node(const struct rb_node *node)
{
	for (;;) {
		if (node->rb_left)
			node = node->rb_left;
		else if (node->rb_right)
			node = node->rb_right;
		else
			return (struct rb_node *)node;
	}
}

struct rb_node *rb_first_postorder(const struct rb_root *root)
{
	if (!root->rb_node)
		return NULL;
	return rb_left_deepest_node(root->rb_node);
}

/*
 * After a left child comes its parent's right subtree, then the parent;
 * after a right child, the parent. Reads only `node`'s parent, so the
 * caller may free `node` once it has the next one.
 */
struct rb_node *rb_next_postorder(const struct rb_node *node)
{
	const struct rb_node *parent;

	if (!node)
		return NULL;
	parent = rb_parent(node);
	if (parent && node == parent->rb_left && parent->rb_right)
		return rb_left_deepest_node(parent->rb_right);
	return (struct rb_node *)parent;
}
