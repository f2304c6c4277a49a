/*
 * The inode cache (Linux: fs/inode.c).
 *
 * Every inode in use is on its super block's s_inodes list, found by
 * (sb, i_ino), so two lookups of one file share one struct inode and its
 * i_nlink, i_size and i_mutex. An inode being filled (I_NEW) or freed
 * (I_FREEING) stays on the list so that others looking for the same ino
 * wait for it instead of making a second copy: this is what keeps a file
 * deleted and its inode number reused at once from meeting its old self.
 *
 * At its last iput an inode is either evicted at once or, if its file
 * system's ->drop_inode says so (pgfs: while the file has a link), kept
 * unused on inode_unused with its page cache, so the next open finds the
 * file's pages still cached. Unused inodes go at unmount (evict_inodes)
 * and with drop_caches (prune_icache). Linux also finds inodes through a
 * hash table (inode_hashtable) and prunes unused ones from a shrinker
 * under memory pressure.
 */
#include "fs/vfs.h"
#include "sched.h"
#include "string.h"
#include "errno.h"
#include "mm/slab.h"

/* Protects every s_inodes list, i_state, i_lru, and the last-reference decision. */
static DEFINE_SPINLOCK(inode_hash_lock);
static atomic_long_t nr_inodes;
static LIST_HEAD(inode_unused);		/* i_count 0, kept for their cached pages */
static unsigned long nr_unused;

unsigned long get_nr_inodes(void)
{
	return atomic_long_read(&nr_inodes);
}

unsigned long get_nr_inodes_unused(void)
{
	return READ_ONCE(nr_unused);
}

/* Linux: inode_init_always. Every VFS field, whatever alloc_inode left. */
static void inode_init_always(struct super_block *sb, struct inode *inode)
{
	inode->i_ino = 0;
	inode->i_mode = 0;
	inode->i_nlink = 1;
	inode->i_size = 0;
	inode->i_rdev = 0;
	atomic_set(&inode->i_count, 1);
	inode->i_sb = sb;
	inode->i_op = NULL;
	inode->i_fop = NULL;
	mutex_init(&inode->i_mutex, "i_mutex");
	inode->i_private = NULL;
	INIT_LIST_HEAD(&inode->i_sb_list);
	INIT_LIST_HEAD(&inode->i_lru);
	inode->i_state = 0;
	inode->i_flags = 0;
	atomic_set(&inode->i_writecount, 0);
	address_space_init(&inode->i_data, inode, NULL);
	inode->i_mapping = &inode->i_data;
}

static struct inode *alloc_inode(struct super_block *sb)
{
	struct inode *inode;

	if (sb->s_op && sb->s_op->alloc_inode)
		inode = sb->s_op->alloc_inode(sb);
	else
		inode = kzalloc(sizeof(*inode), GFP_KERNEL);
	if (!inode)
		return NULL;
	inode_init_always(sb, inode);
	atomic_long_add(1, &nr_inodes);
	return inode;
}

static void destroy_inode(struct inode *inode)
{
	const struct super_operations *op = inode->i_sb->s_op;

	atomic_long_add(-1, &nr_inodes);
	if (op && op->destroy_inode)
		op->destroy_inode(inode);
	else
		kfree(inode);
}

/*
 * Linux's new_inode also puts the inode on s_inodes: here that makes it
 * findable by ilookup once the caller sets i_ino, so a file system that
 * serialises its own "ilookup, else new_inode" needs nothing more.
 */
struct inode *new_inode(struct super_block *sb)
{
	struct inode *inode = alloc_inode(sb);

	if (inode) {
		spin_lock(&inode_hash_lock);
		list_add(&inode->i_sb_list, &sb->s_inodes);
		spin_unlock(&inode_hash_lock);
	}
	return inode;
}

/* Caller holds inode_hash_lock. */
static struct inode *find_inode(struct super_block *sb, unsigned long ino)
{
	struct inode *inode;

	list_for_each_entry(inode, &sb->s_inodes, i_sb_list)
		if (inode->i_ino == ino)
			return inode;
	return NULL;
}

/*
 * Find ino in the cache and take a reference, waiting out I_NEW and
 * I_FREEING. Returns with inode_hash_lock held, NULL if not cached.
 */
static struct inode *find_inode_wait(struct super_block *sb, unsigned long ino)
{
	struct inode *inode;

	spin_lock(&inode_hash_lock);
	while ((inode = find_inode(sb, ino)) != NULL) {
		if (!(inode->i_state & (I_NEW | I_FREEING))) {
			if (atomic_inc_return(&inode->i_count) == 1) {
				list_del_init(&inode->i_lru);	/* in use again */
				nr_unused--;
			}
			break;
		}
		/* Short waits for disk I/O: a kill must not turn this into a spin. */
		sleep_uninterruptible(&inode->i_state, &inode_hash_lock);
	}
	return inode;
}

struct inode *ilookup(struct super_block *sb, unsigned long ino)
{
	struct inode *inode = find_inode_wait(sb, ino);

	spin_unlock(&inode_hash_lock);
	return inode;
}

struct inode *iget_locked(struct super_block *sb, unsigned long ino)
{
	struct inode *inode, *new;

	inode = ilookup(sb, ino);
	if (inode)
		return inode;
	new = alloc_inode(sb);		/* may sleep: outside the lock */
	if (!new)
		return NULL;
	new->i_ino = ino;
	new->i_state = I_NEW;
	inode = find_inode_wait(sb, ino);	/* someone may have been quicker */
	if (!inode)
		list_add(&new->i_sb_list, &sb->s_inodes);
	spin_unlock(&inode_hash_lock);
	if (inode) {
		destroy_inode(new);
		return inode;
	}
	return new;
}

void unlock_new_inode(struct inode *inode)
{
	spin_lock(&inode_hash_lock);
	inode->i_state &= ~I_NEW;
	spin_unlock(&inode_hash_lock);
	wakeup(&inode->i_state);
}

/* Only the filler holds an I_NEW inode (others wait without a reference). */
void iget_failed(struct inode *inode)
{
	spin_lock(&inode_hash_lock);
	list_del_init(&inode->i_sb_list);
	inode->i_state = 0;
	spin_unlock(&inode_hash_lock);
	wakeup(&inode->i_state);
	destroy_inode(inode);
}

void ihold(struct inode *inode)
{
	atomic_inc(&inode->i_count);
}

/* A reference to an inode found some other way (the flusher's list); NULL if it is going away. */
struct inode *igrab(struct inode *inode)
{
	spin_lock(&inode_hash_lock);
	if (inode->i_state & (I_NEW | I_FREEING)) {
		inode = NULL;
	} else if (atomic_inc_return(&inode->i_count) == 1) {
		list_del_init(&inode->i_lru);
		nr_unused--;
	}
	spin_unlock(&inode_hash_lock);
	return inode;
}

/* Drop a reference that is not the last, without the lock; false if it would be the last. */
static bool put_unless_last(atomic_t *count)
{
	int c = atomic_read(count), old;

	while (c > 1) {
		old = atomic_cmpxchg(count, c, c - 1);
		if (old == c)
			return true;
		c = old;
	}
	return false;
}

/*
 * Write back and drop the inode's pages, let the file system free a file
 * with no links, take the inode out of the cache and free it. I_FREEING
 * is set: lookups of this ino wait until it is gone.
 */
static void evict(struct inode *inode)
{
	const struct super_operations *op = inode->i_sb->s_op;

	if (inode->i_nlink)
		filemap_write_and_wait(inode->i_mapping);
	truncate_inode_pages(inode->i_mapping, 0);
	inode_io_list_del(inode);
	if (inode->i_nlink == 0 && op && op->evict_inode)
		op->evict_inode(inode);
	spin_lock(&inode_hash_lock);
	list_del_init(&inode->i_sb_list);
	spin_unlock(&inode_hash_lock);
	wakeup(&inode->i_state);
	destroy_inode(inode);
}

/*
 * The count drops to zero only under inode_hash_lock (Linux:
 * atomic_dec_and_lock), so a lookup either took its reference before (and
 * we are not last) or finds the inode unused or I_FREEING.
 */
void iput(struct inode *inode)
{
	const struct super_operations *op;

	if (!inode || put_unless_last(&inode->i_count))
		return;
	op = inode->i_sb->s_op;
	spin_lock(&inode_hash_lock);
	if (!atomic_dec_and_test(&inode->i_count)) {
		spin_unlock(&inode_hash_lock);
		return;
	}
	if (inode->i_nlink && op && op->drop_inode && !op->drop_inode(inode)) {
		list_add_tail(&inode->i_lru, &inode_unused);
		nr_unused++;
		spin_unlock(&inode_hash_lock);
		return;
	}
	inode->i_state |= I_FREEING;
	spin_unlock(&inode_hash_lock);
	evict(inode);
}

/* Claim up to nr unused inodes (of sb, or of any if NULL) for eviction, oldest first. */
static void take_unused(struct super_block *sb, unsigned long nr, struct list_head *out)
{
	struct inode *inode, *tmp;

	spin_lock(&inode_hash_lock);
	list_for_each_entry_safe(inode, tmp, &inode_unused, i_lru) {
		if (!nr)
			break;
		if (sb && inode->i_sb != sb)
			continue;
		list_move_tail(&inode->i_lru, out);
		nr_unused--;
		inode->i_state |= I_FREEING;
		nr--;
	}
	spin_unlock(&inode_hash_lock);
}

static unsigned long evict_list(struct list_head *list)
{
	struct inode *inode, *tmp;
	unsigned long n = 0;

	list_for_each_entry_safe(inode, tmp, list, i_lru) {
		list_del_init(&inode->i_lru);
		evict(inode);
		n++;
	}
	return n;
}

/* Unmount: every unused inode of sb goes (Linux: evict_inodes). */
void evict_inodes(struct super_block *sb)
{
	LIST_HEAD(dispose);

	take_unused(sb, ~0UL, &dispose);
	evict_list(&dispose);
}

/* drop_caches: free up to nr unused inodes, their pages written first (Linux: prune_icache_sb). */
unsigned long prune_icache(unsigned long nr)
{
	LIST_HEAD(dispose);

	take_unused(NULL, nr, &dispose);
	return evict_list(&dispose);
}

/* Keep an inode cached after its last iput while it still has a link (Linux: generic_drop_inode). */
bool generic_drop_inode(struct inode *inode)
{
	return inode->i_nlink == 0;
}

/* Call fn for every cached inode of sb, with a reference held across the call. */
void iterate_inodes(struct super_block *sb, void (*fn)(struct inode *inode, void *arg), void *arg)
{
	struct inode *inode, *prev = NULL;

	spin_lock(&inode_hash_lock);
	list_for_each_entry(inode, &sb->s_inodes, i_sb_list) {
		if (inode->i_state & (I_NEW | I_FREEING))
			continue;
		if (atomic_inc_return(&inode->i_count) == 1) {
			list_del_init(&inode->i_lru);
			nr_unused--;
		}
		spin_unlock(&inode_hash_lock);
		iput(prev);	/* outside the lock; our reference keeps our place on the list */
		fn(inode, arg);
		prev = inode;
		spin_lock(&inode_hash_lock);
	}
	spin_unlock(&inode_hash_lock);
	iput(prev);
}
