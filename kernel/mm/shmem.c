/*
 * Shared anonymous memory (Linux: mm/shmem.c, the part behind
 * mmap(MAP_SHARED | MAP_ANONYMOUS)).
 *
 * Memory that several processes share has to live somewhere that is not
 * any one process's page tables, so that a page first touched after a
 * fork is still seen by both. Linux, and Pagoda, make each such mapping a
 * file: an unnamed inode on an internal tmpfs whose page cache holds the
 * pages. A fault finds the page in that cache, or adds a zeroed one.
 * The pages are swap-backed (PG_swapbacked), so they count as Shmem and
 * sit on the anonymous LRU lists; the inode goes when the last mapping
 * and the last file reference go. Pagoda's shmem mappings are
 * unevictable: reclaim leaves their pages alone (on the unevictable
 * list). Linux's tmpfs also has named files, a size limit, and writes
 * its pages to swap under pressure (shmem_writepage).
 */
#include "mm/shmem.h"
#include "mm/pagemap.h"
#include "mm/gfp.h"
#include "fs/vfs.h"
#include "fs/internal.h"
#include "mm/slab.h"
#include "err.h"
#include "errno.h"
#include "fcntl.h"
#include "string.h"
#include "printk.h"
#include "init.h"

static struct super_block *shm_sb;

static vm_fault_t shmem_fault(struct vm_fault *vmf)
{
	struct inode *inode = vmf->vma->vm_file->f_inode;
	struct address_space *mapping = inode->i_mapping;
	struct page *page;
	int err;

	if ((loff_t)vmf->pgoff << PAGE_SHIFT >= inode->i_size)
		return VM_FAULT_SIGBUS;
	for (;;) {
		page = find_lock_page(mapping, vmf->pgoff);
		if (page)
			break;
		page = alloc_page(GFP_HIGHUSER_MOVABLE | __GFP_ZERO | __GFP_NOWARN);
		if (!page)
			return VM_FAULT_OOM;
		__SetPageLocked(page);
		__SetPageSwapBacked(page);
		SetPageUptodate(page);
		err = add_to_page_cache_lru(page, mapping, vmf->pgoff, GFP_KERNEL);
		if (!err)
			break;
		__ClearPageLocked(page);
		put_page(page);
		if (err != -EEXIST)
			return VM_FAULT_OOM;
	}
	vmf->page = page;
	return VM_FAULT_LOCKED;
}

/* A page in memory is all shmem has: dirtying it needs no bookkeeping. */
static vm_fault_t shmem_page_mkwrite(struct vm_fault *vmf)
{
	lock_page(vmf->page);
	SetPageDirty(vmf->page);
	return VM_FAULT_LOCKED;
}

static const struct vm_operations_struct shmem_vm_ops = {
	.fault = shmem_fault,
	.page_mkwrite = shmem_page_mkwrite,
};

bool vma_is_shmem(const struct vm_area_struct *vma)
{
	return vma->vm_ops == &shmem_vm_ops;
}

static int shmem_mmap(struct file *file, struct vm_area_struct *vma)
{
	vma->vm_ops = &shmem_vm_ops;
	return 0;
}

static const struct file_operations shmem_file_operations = {
	.mmap = shmem_mmap,
};

/* A file over a new unnamed shmem inode of `size` bytes (Linux: shmem_file_setup). */
struct file *shmem_file_setup(const char *name, loff_t size)
{
	struct inode *inode;
	struct file *file;

	if (!shm_sb)
		return ERR_PTR(-ENODEV);
	inode = new_inode(shm_sb);
	if (!inode)
		return ERR_PTR(-ENOMEM);
	inode->i_mode = S_IFREG | 0600;
	inode->i_nlink = 0;		/* unnamed: it goes with its last reference */
	inode->i_size = size;
	inode->i_fop = &shmem_file_operations;
	inode->i_mapping->unevictable = true;
	file = alloc_file(inode, O_RDWR, &shmem_file_operations);
	if (IS_ERR(file)) {
		iput(inode);
		return file;
	}
	file->f_path = kstrdup(name, GFP_KERNEL);
	return file;
}

/* mmap(MAP_SHARED | MAP_ANONYMOUS): back vma with a fresh shmem file (Linux: shmem_zero_setup). */
int shmem_zero_setup(struct vm_area_struct *vma)
{
	struct file *file = shmem_file_setup("/dev/zero (deleted)", vma->vm_end - vma->vm_start);

	if (IS_ERR(file))
		return PTR_ERR(file);
	vma->vm_file = file;
	vma->vm_ops = &shmem_vm_ops;
	vma->vm_pgoff = 0;
	return 0;
}

/* The internal mount's root: a directory nobody can reach. */
static int shmem_fill_super(struct super_block *sb, struct block_device *bdev)
{
	struct inode *root = new_inode(sb);

	if (!root)
		return -ENOMEM;
	root->i_ino = 1;
	root->i_mode = S_IFDIR | 0755;
	sb->s_root = root;
	return 0;
}

static struct file_system_type shmem_fs_type = {
	.name = "tmpfs",
	.fill_super = shmem_fill_super,
};

static int shmem_init(void)
{
	struct super_block *sb;
	int err = register_filesystem(&shmem_fs_type);

	if (err)
		return err;
	sb = vfs_get_super("tmpfs", NULL);	/* Linux: kern_mount(&shmem_fs_type) */
	if (IS_ERR(sb)) {
		pr_err("shmem: no internal mount (%ld): MAP_SHARED|MAP_ANONYMOUS will fail\n",
		       PTR_ERR(sb));
		return PTR_ERR(sb);
	}
	shm_sb = sb;
	return 0;
}
fs_initcall(shmem_init);
