/*
 * The /proc tree (Linux: fs/proc/generic.c): creating and removing
 * entries, finding a name in a directory, and listing a directory as
 * xv6 dirent records so `ls /proc` works.
 */
#include "fs/proc/internal.h"
#include "fs.h"
#include "mm/slab.h"
#include "err.h"
#include "errno.h"
#include "string.h"

DEFINE_SPINLOCK(proc_subdir_lock);	/* Linux: proc_subdir_lock, an rwsem */
static atomic_t proc_next_ino = ATOMIC_INIT(PROC_ROOT_INO);

void pde_get(struct proc_dir_entry *de)
{
	atomic_inc(&de->refcnt);
}

void pde_put(struct proc_dir_entry *de)
{
	if (atomic_dec_and_test(&de->refcnt)) {
		if (de->parent)
			pde_put(de->parent);
		kfree(de);
	}
}

/* Caller holds proc_subdir_lock. */
static struct proc_dir_entry *__pde_subdir_find(struct proc_dir_entry *dir,
						const char *name, int len)
{
	struct proc_dir_entry *de;

	list_for_each_entry(de, &dir->subdir, subdir_node)
		if (de->namelen == len && !memcmp(de->name, name, len))
			return de;
	return NULL;
}

struct proc_dir_entry *pde_subdir_find(struct proc_dir_entry *dir, const char *name, int len)
{
	struct proc_dir_entry *de;

	spin_lock(&proc_subdir_lock);
	de = __pde_subdir_find(dir, name, len);
	if (de)
		pde_get(de);
	spin_unlock(&proc_subdir_lock);
	return de;
}

/* A name must be a single, non-empty path component that fits a dirent. */
static bool proc_name_ok(const char *name)
{
	size_t len = strlen(name);

	return len && len < DIRSIZ && !strchr(name, '/') &&
	       strcmp(name, ".") && strcmp(name, "..");
}

/* A new entry, not yet in the tree; NULL if the name is bad or no memory. */
static struct proc_dir_entry *pde_alloc(const char *name, umode_t mode)
{
	struct proc_dir_entry *de;
	int len;

	if (!name || !proc_name_ok(name))
		return NULL;
	len = strlen(name);
	de = kzalloc(sizeof(*de) + len + 1, GFP_KERNEL);
	if (!de)
		return NULL;
	memcpy(de->name, name, len + 1);
	de->namelen = len;
	de->mode = mode;
	atomic_set(&de->refcnt, 1);	/* the tree's reference */
	INIT_LIST_HEAD(&de->subdir);
	de->low_ino = atomic_inc_return(&proc_next_ino);
	if (de->low_ino >= PROC_PID_INO_BASE) {	/* the numbers of /proc/<pid> start here */
		kfree(de);
		return NULL;
	}
	return de;
}

/*
 * Links a filled-in entry under parent (NULL: /proc): from here on a
 * lookup can find it. Frees it and returns NULL if the name is taken.
 */
static struct proc_dir_entry *proc_register(struct proc_dir_entry *parent,
					   struct proc_dir_entry *de)
{
	if (!de)
		return NULL;
	if (!parent)
		parent = &proc_root;
	spin_lock(&proc_subdir_lock);
	if (!S_ISDIR(parent->mode) || parent->removed ||
	    __pde_subdir_find(parent, de->name, de->namelen)) {
		spin_unlock(&proc_subdir_lock);
		kfree(de);
		return NULL;
	}
	de->parent = parent;
	pde_get(parent);
	list_add_tail(&de->subdir_node, &parent->subdir);
	spin_unlock(&proc_subdir_lock);
	return de;
}

struct proc_dir_entry *proc_mkdir(const char *name, struct proc_dir_entry *parent)
{
	return proc_register(parent, pde_alloc(name, S_IFDIR | 0555));
}

struct proc_dir_entry *proc_create_data(const char *name, umode_t mode,
					struct proc_dir_entry *parent,
					const struct proc_ops *ops, void *data)
{
	struct proc_dir_entry *de = ops ? pde_alloc(name, S_IFREG | (mode & 0777)) : NULL;

	if (de) {
		de->proc_ops = ops;
		de->data = data;
	}
	return proc_register(parent, de);
}

static int proc_single_open(struct inode *inode, struct file *file)
{
	struct proc_dir_entry *de = PDE(inode);

	return single_open(file, de->single_show, de->data);
}

static const struct proc_ops proc_single_ops = {
	.proc_open = proc_single_open,
	.proc_read = seq_read,
	.proc_release = single_release,
	.proc_read_kernel = seq_read_kernel,
};

struct proc_dir_entry *proc_create_single_data(const char *name, umode_t mode,
					       struct proc_dir_entry *parent,
					       int (*show)(struct seq_file *, void *), void *data)
{
	struct proc_dir_entry *de = show ? pde_alloc(name, S_IFREG | (mode & 0444)) : NULL;

	if (de) {
		de->proc_ops = &proc_single_ops;
		de->single_show = show;
		de->data = data;
	}
	return proc_register(parent, de);
}

int remove_proc_entry(const char *name, struct proc_dir_entry *parent)
{
	struct proc_dir_entry *de;

	if (!parent)
		parent = &proc_root;
	spin_lock(&proc_subdir_lock);
	de = __pde_subdir_find(parent, name, strlen(name));
	if (!de || !list_empty(&de->subdir)) {
		spin_unlock(&proc_subdir_lock);
		return de ? -ENOTEMPTY : -ENOENT;
	}
	list_del(&de->subdir_node);
	de->removed = true;
	spin_unlock(&proc_subdir_lock);
	pde_put(de);
	return 0;
}

void *pde_data(const struct inode *inode)
{
	return PDE(inode)->data;
}

/* ---- lookup ---------------------------------------------------------------- */

struct inode *proc_lookup_de(struct inode *dir, struct proc_dir_entry *de,
			     const char *name, int len)
{
	struct proc_dir_entry *child;
	struct inode *inode;

	if (len == 1 && name[0] == '.')
		return proc_get_inode(dir->i_sb, de);
	if (len == 2 && name[0] == '.' && name[1] == '.')
		return proc_get_inode(dir->i_sb, de->parent ? de->parent : de);
	child = pde_subdir_find(de, name, len);
	if (!child)
		return ERR_PTR(-ENOENT);
	inode = proc_get_inode(dir->i_sb, child);
	pde_put(child);
	return inode;
}

/* ---- directory listing ---------------------------------------------------------- */

int proc_dirents_init(struct proc_dirents *d, int cap)
{
	d->nr = 0;
	d->cap = cap;
	d->ents = kcalloc(cap, sizeof(struct dirent), GFP_KERNEL);
	return d->ents ? 0 : -ENOMEM;
}

/* Records past the capacity are dropped: the listing is a snapshot anyway. */
void proc_dir_emit(struct proc_dirents *d, const char *name, int len, unsigned long ino)
{
	struct dirent *e;

	if (d->nr == d->cap)
		return;
	e = &d->ents[d->nr++];
	/* xv6's inum is 16 bits and 0 means "free slot": never emit 0. */
	e->inum = (ushort)ino ? (ushort)ino : 1;
	memset(e->name, 0, DIRSIZ);
	memcpy(e->name, name, min(len, DIRSIZ));
}

/* Appends ".", ".." and every child of de. */
void proc_dirents_subdir(struct proc_dirents *d, struct proc_dir_entry *de)
{
	struct proc_dir_entry *child;

	proc_dir_emit(d, ".", 1, de->low_ino);
	proc_dir_emit(d, "..", 2, de->parent ? de->parent->low_ino : de->low_ino);
	spin_lock(&proc_subdir_lock);
	list_for_each_entry(child, &de->subdir, subdir_node)
		proc_dir_emit(d, child->name, child->namelen, child->low_ino);
	spin_unlock(&proc_subdir_lock);
}

/*
 * A directory's read(): fill() lists it, and the records are copied out
 * from *pos to user or (kernel_read) kernel memory.
 */
ssize_t proc_readdir_common(struct file *file, void *buf, bool kernel, size_t count,
			    loff_t *pos, int cap,
			    int (*fill)(struct file *file, struct proc_dirents *d))
{
	struct proc_dirents d;
	size_t len;
	ssize_t n;

	n = proc_dirents_init(&d, cap);
	if (n)
		return n;
	n = fill(file, &d);
	len = (size_t)d.nr * sizeof(struct dirent);
	if (!n)
		n = kernel ? seq_copy_to_kernel(buf, count, pos, d.ents, len)
			   : simple_read_from_buffer((void __user *)buf, count, pos, d.ents, len);
	kfree(d.ents);
	return n;
}

/* Entries in the tree: how many records a directory needs at most. */
static int proc_subdir_count(struct proc_dir_entry *de)
{
	struct proc_dir_entry *child;
	int n = 2;

	spin_lock(&proc_subdir_lock);
	list_for_each_entry(child, &de->subdir, subdir_node)
		n++;
	spin_unlock(&proc_subdir_lock);
	return n;
}

static struct inode *proc_lookup(struct inode *dir, const char *name, int len)
{
	return proc_lookup_de(dir, PDE(dir), name, len);
}

static int proc_readdir_fill(struct file *file, struct proc_dirents *d)
{
	proc_dirents_subdir(d, PDE(file->f_inode));
	return 0;
}

static ssize_t proc_readdir(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	return proc_readdir_common(file, (void *)buf, false, count, pos,
				   proc_subdir_count(PDE(file->f_inode)), proc_readdir_fill);
}

static ssize_t proc_readdir_kernel(struct file *file, void *buf, size_t count, loff_t *pos)
{
	return proc_readdir_common(file, buf, true, count, pos,
				   proc_subdir_count(PDE(file->f_inode)), proc_readdir_fill);
}

const struct inode_operations proc_dir_inode_operations = {
	.lookup = proc_lookup,
};

const struct file_operations proc_dir_operations = {
	.read = proc_readdir,
	.read_kernel = proc_readdir_kernel,
};
