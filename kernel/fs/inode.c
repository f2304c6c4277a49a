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
 * Pagoda frees an inode at its last iput; Linux keeps unused inodes on an
 * LRU (i_lru) and a hash table (inode_hashtable) and frees them under
 * memory pressure.
 */
#include "fs/vfs.h"
#include "sched.h"
#include "string.h"
#include "errno.h"
#include "mm/slab.h"

/* Protects every s_inodes list, i_state, and the last-reference decision. */
static DEFINE_SPINLOCK(inode_hash_lock);
static atomic_long_t nr_inodes;

unsigned long get_nr_inodes(void)
{
	return atomic_long_read(&nr_inodes);
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
	inode->i_state = 0;
	inode->i_flags = 0;
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
			atomic_inc(&inode->i_count);
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
 * The count drops to zero only under inode_hash_lock (Linux:
 * atomic_dec_and_lock), so a lookup either took its reference before (and
 * we are not last) or finds I_FREEING and waits until the inode has left
 * the list.
 */
void iput(struct inode *inode)
{
	const struct super_operations *op;

	if (!inode || put_unless_last(&inode->i_count))
		return;
	spin_lock(&inode_hash_lock);
	if (!atomic_dec_and_test(&inode->i_count)) {
		spin_unlock(&inode_hash_lock);
		return;
	}
	inode->i_state |= I_FREEING;
	spin_unlock(&inode_hash_lock);

	op = inode->i_sb->s_op;
	if (inode->i_nlink == 0 && op && op->evict_inode)
		op->evict_inode(inode);

	spin_lock(&inode_hash_lock);
	list_del_init(&inode->i_sb_list);
	spin_unlock(&inode_hash_lock);
	wakeup(&inode->i_state);
	destroy_inode(inode);
}
