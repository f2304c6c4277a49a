/*
 * Tests of the red-black tree (kernel/lib/rbtree.c): after every kind of
 * insert and erase the three colour rules hold, parent pointers agree
 * with child pointers, an in-order walk is sorted and complete in both
 * directions, and the depth stays within 2*log2(n+1).
 */
#include "kunit/test.h"
#include "lib/tests/test_rand.h"
#include "rbtree.h"
#include "mm/slab.h"

struct test_node {
	struct rb_node rb;
	unsigned long key;
	bool in_tree;
};

#define to_test_node(n) rb_entry(n, struct test_node, rb)

/* The caller's half of an insert: find the place, link, rebalance. */
static void test_insert(struct rb_root *root, struct test_node *tn)
{
	struct rb_node **link = &root->rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		if (tn->key < to_test_node(parent)->key)
			link = &parent->rb_left;
		else
			link = &parent->rb_right;
	}
	rb_link_node(&tn->rb, parent, link);
	rb_insert_color(&tn->rb, root);
	tn->in_tree = true;
}

static void test_erase(struct rb_root *root, struct test_node *tn)
{
	rb_erase(&tn->rb, root);
	RB_CLEAR_NODE(&tn->rb);
	tn->in_tree = false;
}

/* The node with `key`, and how many nodes the search looked at. */
static struct test_node *test_search(struct rb_root *root, unsigned long key, int *depth)
{
	struct rb_node *n = root->rb_node;

	*depth = 0;
	while (n) {
		struct test_node *tn = to_test_node(n);

		(*depth)++;
		if (key == tn->key)
			return tn;
		n = key < tn->key ? n->rb_left : n->rb_right;
	}
	return NULL;
}

static bool is_red(const struct rb_node *n)
{
	return n && !(n->__rb_parent_color & 1);
}

/*
 * The black height of the subtree at `n` (a missing child counts one),
 * or -1 with *why set if a rule is broken. Counts the nodes into *nr.
 */
static int rb_check_subtree(const struct rb_node *n, const struct rb_node *parent,
			    unsigned long *nr, const char **why)
{
	int lh, rh;

	if (!n)
		return 1;
	(*nr)++;
	if (rb_parent(n) != parent)
		return *why = "parent pointer does not match", -1;
	if (is_red(n) && (is_red(n->rb_left) || is_red(n->rb_right)))
		return *why = "red node with a red child", -1;
	lh = rb_check_subtree(n->rb_left, n, nr, why);
	rh = rb_check_subtree(n->rb_right, n, nr, why);
	if (lh < 0 || rh < 0)
		return -1;
	if (lh != rh)
		return *why = "black heights differ", -1;
	return lh + !is_red(n);
}

/*
 * Every rule, and the in-order walks forward and back visiting exactly
 * the nodes marked in_tree, in key order. Returns false (and reports)
 * on the first problem.
 */
static bool rb_check_tree(struct kunit *test, struct rb_root *root,
			  struct test_node *nodes, unsigned long nr_nodes)
{
	const char *why = NULL;
	unsigned long nr = 0, expected = 0, seen = 0;
	struct rb_node *n, *prev = NULL;

	for (unsigned long i = 0; i < nr_nodes; i++)
		expected += nodes[i].in_tree;
	if (is_red(root->rb_node))
		why = "red root";
	else if (rb_check_subtree(root->rb_node, NULL, &nr, &why) >= 0 && nr != expected)
		why = "node count differs from the nodes inserted";
	for (n = rb_first(root); !why && n; prev = n, n = rb_next(n), seen++) {
		if (!to_test_node(n)->in_tree)
			why = "a node not in the tree turned up";
		else if (prev && to_test_node(prev)->key > to_test_node(n)->key)
			why = "in-order walk out of order";
		else if (rb_prev(n) != prev)
			why = "rb_prev does not undo rb_next";
	}
	if (!why && (seen != expected || rb_last(root) != prev))
		why = "in-order walk incomplete";
	if (why) {
		kunit_fail(test, __FILE__, __LINE__, "rbtree broken: %s (%lu nodes)", why, expected);
		return false;
	}
	return true;
}

static struct test_node *alloc_nodes(unsigned long n)
{
	struct test_node *nodes = kcalloc(n, sizeof(*nodes), GFP_KERNEL);

	for (unsigned long i = 0; nodes && i < n; i++) {
		nodes[i].key = i;
		RB_CLEAR_NODE(&nodes[i].rb);
	}
	return nodes;
}

static void rbtree_empty_tree(struct kunit *test)
{
	struct rb_root root = RB_ROOT;
	struct test_node tn = { .key = 1 };
	int depth;

	KUNIT_EXPECT_TRUE(test, RB_EMPTY_ROOT(&root));
	KUNIT_EXPECT_NULL(test, rb_first(&root));
	KUNIT_EXPECT_NULL(test, rb_last(&root));
	KUNIT_EXPECT_NULL(test, rb_first_postorder(&root));
	KUNIT_EXPECT_NULL(test, test_search(&root, 1, &depth));
	RB_CLEAR_NODE(&tn.rb);
	KUNIT_EXPECT_TRUE(test, RB_EMPTY_NODE(&tn.rb));
	KUNIT_EXPECT_NULL(test, rb_next(&tn.rb));
	KUNIT_EXPECT_NULL(test, rb_prev(&tn.rb));
}

static void rbtree_one_node_in_and_out(struct kunit *test)
{
	struct rb_root root = RB_ROOT;
	struct test_node tn = { .key = 7 };

	test_insert(&root, &tn);
	KUNIT_EXPECT_FALSE(test, RB_EMPTY_ROOT(&root));
	KUNIT_EXPECT_FALSE(test, RB_EMPTY_NODE(&tn.rb));
	KUNIT_EXPECT_FALSE(test, is_red(root.rb_node));
	KUNIT_EXPECT_TRUE(test, rb_first(&root) == &tn.rb);
	KUNIT_EXPECT_TRUE(test, rb_last(&root) == &tn.rb);
	KUNIT_EXPECT_NULL(test, rb_next(&tn.rb));
	KUNIT_EXPECT_NULL(test, rb_prev(&tn.rb));
	test_erase(&root, &tn);
	KUNIT_EXPECT_TRUE(test, RB_EMPTY_ROOT(&root));
	KUNIT_EXPECT_TRUE(test, RB_EMPTY_NODE(&tn.rb));
}

/* Thousands of inserts and erases in a fixed random order, checked as they go. */
static void rbtree_random_inserts_and_erases_keep_the_rules(struct kunit *test)
{
	const unsigned long nr = 1000;
	struct test_node *nodes = alloc_nodes(nr);
	struct rb_root root = RB_ROOT;
	u64 seed = 0x5eed;
	int depth;

	KUNIT_ASSERT_NOT_NULL(test, nodes);
	for (unsigned long i = 0; i < nr; i++)
		nodes[i].key = test_rand(&seed) % (4 * nr);	/* with duplicates */
	for (int op = 1; op <= 20000; op++) {
		struct test_node *tn = &nodes[test_rand(&seed) % nr];

		if (tn->in_tree)
			test_erase(&root, tn);
		else
			test_insert(&root, tn);
		if (op % 500 == 0 && !rb_check_tree(test, &root, nodes, nr))
			break;
	}
	for (unsigned long i = 0; i < nr && !test->failed; i++) {
		struct test_node *found = test_search(&root, nodes[i].key, &depth);

		/* With duplicate keys the search may find another node with the same key. */
		if (nodes[i].in_tree)
			KUNIT_EXPECT_TRUE(test, found && found->key == nodes[i].key);
	}
	/* Empty it in random order too. */
	for (unsigned long left = nr; left && !test->failed; left--) {
		unsigned long i = test_rand(&seed) % nr;

		while (!nodes[i].in_tree)
			i = (i + 1) % nr;
		test_erase(&root, &nodes[i]);
		if (left % 97 == 0)
			rb_check_tree(test, &root, nodes, nr);
		if (root.rb_node == NULL)
			break;
	}
	KUNIT_EXPECT_TRUE(test, RB_EMPTY_ROOT(&root));
	kfree(nodes);
}

/* Erase the root again and again: each time a node with two children, until small. */
static void rbtree_erase_root_until_empty(struct kunit *test)
{
	const unsigned long nr = 127;
	struct test_node *nodes = alloc_nodes(nr);
	struct rb_root root = RB_ROOT;
	bool saw_two_children = false;

	KUNIT_ASSERT_NOT_NULL(test, nodes);
	for (unsigned long i = 0; i < nr; i++)
		test_insert(&root, &nodes[i]);
	while (root.rb_node && !test->failed) {
		struct rb_node *r = root.rb_node;

		saw_two_children |= r->rb_left && r->rb_right;
		test_erase(&root, to_test_node(r));
		rb_check_tree(test, &root, nodes, nr);
	}
	KUNIT_EXPECT_TRUE(test, saw_two_children);
	kfree(nodes);
}

/* Erase only leaves, then only nodes with two children, checking each time. */
static void rbtree_erase_leaves_and_inner_nodes(struct kunit *test)
{
	const unsigned long nr = 255;
	struct test_node *nodes = alloc_nodes(nr);
	struct rb_root root = RB_ROOT;
	int leaves = 0, inner = 0;

	KUNIT_ASSERT_NOT_NULL(test, nodes);
	for (unsigned long i = 0; i < nr; i++)
		test_insert(&root, &nodes[(i * 37) % nr]);	/* 37 is prime to 255 */
	for (unsigned long i = 0; i < nr && !test->failed; i++) {
		struct rb_node *n = &nodes[i].rb;

		if (nodes[i].in_tree && !n->rb_left && !n->rb_right && root.rb_node != n) {
			test_erase(&root, &nodes[i]);
			rb_check_tree(test, &root, nodes, nr);
			leaves++;
		}
	}
	for (unsigned long i = 0; i < nr && !test->failed; i++) {
		struct rb_node *n = &nodes[i].rb;

		if (nodes[i].in_tree && n->rb_left && n->rb_right) {
			test_erase(&root, &nodes[i]);
			rb_check_tree(test, &root, nodes, nr);
			inner++;
		}
	}
	KUNIT_EXPECT_GT(test, leaves, 10);
	KUNIT_EXPECT_GT(test, inner, 10);
	kfree(nodes);
}

/*
 * The reason to have the tree: keys arriving in order (as VMAs often do)
 * would make a plain binary tree a list 4096 deep. Here every search
 * must stop within 2*log2(n+1), that is 2^depth <= (n+1)^2.
 */
static void rbtree_sequential_inserts_stay_logarithmic(struct kunit *test)
{
	const unsigned long nr = 4096;
	struct test_node *nodes = alloc_nodes(nr);
	struct rb_root root = RB_ROOT;
	int depth, worst;

	KUNIT_ASSERT_NOT_NULL(test, nodes);
	for (int pass = 0; pass < 2; pass++) {
		worst = 0;
		for (unsigned long i = 0; i < nr; i++)
			test_insert(&root, &nodes[pass ? nr - 1 - i : i]);
		KUNIT_EXPECT_TRUE(test, rb_check_tree(test, &root, nodes, nr));
		for (unsigned long i = 0; i < nr; i++) {
			KUNIT_EXPECT_TRUE(test, test_search(&root, i, &depth) == &nodes[i]);
			worst = max(worst, depth);
		}
		kunit_info(test, "%s inserts of %lu keys: deepest search %d nodes",
			   pass ? "descending" : "ascending", nr, worst);
		KUNIT_EXPECT_LE(test, 1UL << worst, (nr + 1) * (nr + 1));
		for (unsigned long i = 0; i < nr; i++)
			test_erase(&root, &nodes[i]);
		KUNIT_EXPECT_TRUE(test, RB_EMPTY_ROOT(&root));
	}
	kfree(nodes);
}

static void rbtree_replace_node_keeps_shape(struct kunit *test)
{
	const unsigned long nr = 31;
	struct test_node *nodes = alloc_nodes(nr + 1);
	struct test_node *victim, *new, *old_root;
	struct rb_root root = RB_ROOT;

	KUNIT_ASSERT_NOT_NULL(test, nodes);
	for (unsigned long i = 0; i < nr; i++)
		test_insert(&root, &nodes[i]);
	victim = to_test_node(root.rb_node->rb_left);	/* an inner node */
	new = &nodes[nr];
	new->key = victim->key;
	rb_replace_node(&victim->rb, &new->rb, &root);
	victim->in_tree = false;
	new->in_tree = true;
	rb_check_tree(test, &root, nodes, nr + 1);
	/* The root, which has no parent to update. */
	old_root = to_test_node(root.rb_node);
	victim->key = old_root->key;
	rb_replace_node(&old_root->rb, &victim->rb, &root);
	old_root->in_tree = false;
	victim->in_tree = true;
	KUNIT_EXPECT_TRUE(test, root.rb_node == &victim->rb);
	rb_check_tree(test, &root, nodes, nr + 1);
	kfree(nodes);
}

/* Post-order visits each node after both its children, and every node once. */
static void rbtree_postorder_visits_children_first(struct kunit *test)
{
	const unsigned long nr = 200;
	struct test_node *nodes = alloc_nodes(nr), *pos, *n;
	struct rb_root root = RB_ROOT;
	unsigned long visited = 0;

	KUNIT_ASSERT_NOT_NULL(test, nodes);
	for (unsigned long i = 0; i < nr; i++)
		test_insert(&root, &nodes[i]);
	rbtree_postorder_for_each_entry_safe(pos, n, &root, rb) {
		struct rb_node *l = pos->rb.rb_left, *r = pos->rb.rb_right;

		KUNIT_EXPECT_TRUE(test, !l || !to_test_node(l)->in_tree);
		KUNIT_EXPECT_TRUE(test, !r || !to_test_node(r)->in_tree);
		pos->in_tree = false;	/* "freed" */
		visited++;
	}
	KUNIT_EXPECT_EQ(test, visited, nr);
	kfree(nodes);
}

static struct kunit_case rbtree_cases[] = {
	KUNIT_CASE(rbtree_empty_tree),
	KUNIT_CASE(rbtree_one_node_in_and_out),
	KUNIT_CASE(rbtree_random_inserts_and_erases_keep_the_rules),
	KUNIT_CASE(rbtree_erase_root_until_empty),
	KUNIT_CASE(rbtree_erase_leaves_and_inner_nodes),
	KUNIT_CASE(rbtree_sequential_inserts_stay_logarithmic),
	KUNIT_CASE(rbtree_replace_node_keeps_shape),
	KUNIT_CASE(rbtree_postorder_visits_children_first),
	{}
};

static struct kunit_suite rbtree_suite = {
	.name = "rbtree",
	.test_cases = rbtree_cases,
};
kunit_test_suite(rbtree_suite);
