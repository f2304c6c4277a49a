/*
 * pgfs's page-cache operations: reading, writing and dirtying a regular
 * file's pages (Linux: the ext2_aops of fs/ext2/inode.c, with the block
 * mapping loops of fs/mpage.c and fs/buffer.c).
 *
 * A 4 KiB page holds four 1 KiB blocks. Reading a page maps each block
 * (pgfs_bmap) and reads it into its quarter of the page, zeroing holes
 * and what lies past the end of the file; when the four blocks are
 * neighbours on the disk, as they usually are, that is one request.
 * Writing a page back writes its blocks in place: file data bypasses the
 * log, and new blocks are ordered before their transaction's commit
 * (see log.c). Linux keeps a buffer_head per block of a page to remember
 * which are mapped, new or dirty; pgfs looks the blocks up each time.
 */
#include "fs/pgfs/pgfs.h"
#include "mm/pagemap.h"
#include "mm/slab.h"
#include "errno.h"
#include "string.h"
#include "printk.h"

#define BLOCKS_PER_PAGE (PAGE_SIZE / BSIZE)

/*
 * The disk blocks of a page's blocks that hold file data: b[i] = 0 for a
 * hole or past EOF. Returns how many of the page's blocks lie before EOF.
 */
static int page_blocks(struct inode *inode, pgoff_t index, uint b[BLOCKS_PER_PAGE], int *err)
{
	loff_t isize = READ_ONCE(inode->i_size);
	u64 first = (u64)index * BLOCKS_PER_PAGE;
	int n = 0;

	*err = 0;
	for (int i = 0; i < (int)BLOCKS_PER_PAGE; i++) {
		b[i] = 0;
		if ((loff_t)((first + i) * BSIZE) >= isize)
			continue;
		n = i + 1;
		if (first + i >= MAXFILE)
			continue;
		*err = pgfs_bmap(inode, first + i, false, &b[i]);
		if (*err)
			return n;
	}
	return n;
}

/* Are the page's mapped blocks b[0..n-1] one run on the disk? */
static bool blocks_contiguous(const uint b[BLOCKS_PER_PAGE], int n)
{
	for (int i = 0; i < n; i++)
		if (!b[i] || b[i] != b[0] + i)
			return false;
	return n > 0;
}

/* Read a locked page's blocks now, zeroing holes: 0 or -EIO. */
static int pgfs_fill_page(struct inode *inode, struct page *page)
{
	struct pgfs_sb_info *sbi = PGFS_SB(inode->i_sb);
	char *data = page_address(page);
	uint b[BLOCKS_PER_PAGE];
	int n, err;

	n = page_blocks(inode, page->index, b, &err);
	if (err)
		return err;
	memset(data + n * BSIZE, 0, PAGE_SIZE - n * BSIZE);
	if (blocks_contiguous(b, n))
		return blkdev_rw(sbi->bdev, REQ_OP_READ, (u64)b[0] * BSIZE, data, n * BSIZE);
	for (int i = 0; i < n && !err; i++) {
		if (!b[i])
			memset(data + i * BSIZE, 0, BSIZE);
		else
			err = blkdev_rw(sbi->bdev, REQ_OP_READ, (u64)b[i] * BSIZE,
					data + i * BSIZE, BSIZE);
	}
	return err;
}

static int pgfs_read_folio(struct file *file, struct page *page)
{
	int err = pgfs_fill_page(page->mapping->host, page);

	if (err)
		SetPageError(page);
	else
		SetPageUptodate(page);
	unlock_page(page);
	return 0;
}

/* One page's reads in flight; the last to finish unlocks the page. */
struct pgfs_read_ctx {
	struct page *page;
	atomic_t pending;
	int err;
	struct bio bio[BLOCKS_PER_PAGE];
};

static void read_ctx_put(struct pgfs_read_ctx *ctx)
{
	if (atomic_dec_return(&ctx->pending))
		return;
	if (ctx->err)
		SetPageError(ctx->page);
	else
		SetPageUptodate(ctx->page);
	unlock_page(ctx->page);
	kfree(ctx);
}

/* Often in the disk's interrupt handler. */
static void pgfs_read_end_io(struct bio *bio)
{
	struct pgfs_read_ctx *ctx = bio->bi_private;

	if (bio->bi_status)
		ctx->err = bio->bi_status;
	read_ctx_put(ctx);
}

/* Start reading one new locked page without waiting; it is unlocked when read. */
static void pgfs_readahead_page(struct inode *inode, struct page *page)
{
	struct pgfs_sb_info *sbi = PGFS_SB(inode->i_sb);
	struct pgfs_read_ctx *ctx;
	char *data = page_address(page);
	uint b[BLOCKS_PER_PAGE];
	int n, nbio = 0, err;

	n = page_blocks(inode, page->index, b, &err);
	ctx = err ? NULL : kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx) {
		pgfs_read_folio(NULL, page);	/* read it the slow way */
		return;
	}
	ctx->page = page;
	memset(data + n * BSIZE, 0, PAGE_SIZE - n * BSIZE);
	for (int i = 0; i < n; i++) {
		struct bio *bio = &ctx->bio[nbio];
		int run = 1;

		if (!b[i]) {
			memset(data + i * BSIZE, 0, BSIZE);
			continue;
		}
		while (i + run < n && b[i + run] && b[i + run] == b[i] + run)
			run++;
		bio->bi_bdev = sbi->bdev;
		bio->bi_opf = REQ_OP_READ;
		bio->bi_sector = (u64)b[i] * (BSIZE / SECTOR_SIZE);
		bio->bi_buf = data + i * BSIZE;
		bio->bi_size = run * BSIZE;
		bio->bi_end_io = pgfs_read_end_io;
		bio->bi_private = ctx;
		nbio++;
		i += run - 1;
	}
	atomic_set(&ctx->pending, nbio + 1);	/* +1: ours, so no bio ends it early */
	for (int i = 0; i < nbio; i++)
		submit_bio(&ctx->bio[i]);
	read_ctx_put(ctx);
}

static void pgfs_readahead(struct readahead_control *rac)
{
	for (unsigned int i = 0; i < rac->nr_pages; i++)
		pgfs_readahead_page(rac->mapping->host, rac->pages[i]);
}

/*
 * Write a locked, cleaned page to its blocks and wait (Linux: the
 * block_write_full_page of ext2_writepage, which does not wait). Blocks
 * past EOF are not written; every part of the page a write() or a store
 * reached has a block, since write_begin and page_mkwrite allocate first.
 */
static int pgfs_writepage(struct page *page, struct writeback_control *wbc)
{
	struct inode *inode = page->mapping->host;
	struct pgfs_sb_info *sbi = PGFS_SB(inode->i_sb);
	char *data = page_address(page);
	uint b[BLOCKS_PER_PAGE];
	int n, err;

	set_page_writeback(page);
	unlock_page(page);
	n = page_blocks(inode, page->index, b, &err);
	if (sbi->log.aborted) {
		err = -EIO;	/* read-only after an I/O error or a (simulated) crash */
	} else if (!err && blocks_contiguous(b, n)) {
		err = blkdev_rw(sbi->bdev, REQ_OP_WRITE, (u64)b[0] * BSIZE, data, n * BSIZE);
	} else {
		/* A hole in a dirty page is a part no write reached: it stays a hole. */
		for (int i = 0; i < n && !err; i++)
			if (b[i])
				err = blkdev_rw(sbi->bdev, REQ_OP_WRITE, (u64)b[i] * BSIZE,
						data + i * BSIZE, BSIZE);
	}
	if (err) {
		SetPageError(page);
		mapping_set_error(page->mapping, err);
	}
	end_page_writeback(page);
	return err;
}

/* Allocate the missing blocks of the page under [pos, pos+len): i_mutex held, in an operation. */
static int alloc_page_blocks(struct inode *inode, loff_t pos, unsigned int len)
{
	u64 first = pos / BSIZE, last = (pos + len - 1) / BSIZE;
	uint b;
	int err = 0;

	for (u64 fbn = first; fbn <= last && !err; fbn++)
		err = pgfs_bmap(inode, fbn, true, &b);
	return err;
}

/*
 * Before write() copies into the page at pos: the page, locked and
 * uptodate (read in, or zeroed if the write covers it whole), with disk
 * blocks for [pos, pos+len). Called inside an operation with i_mutex held.
 */
static int pgfs_write_begin(struct file *file, struct address_space *mapping, loff_t pos,
			    unsigned int len, struct page **pagep)
{
	struct inode *inode = mapping->host;
	struct page *page;
	int err;

	page = find_or_create_page(mapping, pos >> PAGE_SHIFT, GFP_HIGHUSER_MOVABLE);
	if (!page)
		return -ENOMEM;
	if (!PageUptodate(page)) {
		if (len == PAGE_SIZE) {
			memset(page_address(page), 0, PAGE_SIZE);
			err = 0;
		} else {
			err = pgfs_fill_page(inode, page);
		}
		if (err)
			goto fail;
		SetPageUptodate(page);
	}
	err = alloc_page_blocks(inode, pos, len);
	if (err)
		goto fail;
	*pagep = page;
	return 0;
fail:
	unlock_page(page);
	put_page(page);
	return err;
}

/* After the copy: dirty the page, move i_size (the caller logs the inode). */
static int pgfs_write_end(struct file *file, struct address_space *mapping, loff_t pos,
			  unsigned int len, unsigned int copied, struct page *page)
{
	struct inode *inode = mapping->host;

	if (copied) {
		set_page_dirty(page);
		if (pos + copied > inode->i_size)
			inode->i_size = pos + copied;
	}
	unlock_page(page);
	put_page(page);
	return copied;
}

const struct address_space_operations pgfs_aops = {
	.read_folio = pgfs_read_folio,
	.readahead = pgfs_readahead,
	.writepage = pgfs_writepage,
	.write_begin = pgfs_write_begin,
	.write_end = pgfs_write_end,
};

/*
 * The first write to a page through a shared mapping: give any hole in
 * it a block first (possible only in a file with holes), then dirty it.
 * Lock order as write(): i_mutex, the operation, the page.
 */
static vm_fault_t pgfs_page_mkwrite(struct vm_fault *vmf)
{
	struct page *page = vmf->page;
	struct inode *inode = vmf->vma->vm_file->f_inode;
	struct pgfs_sb_info *sbi = PGFS_SB(inode->i_sb);
	uint b[BLOCKS_PER_PAGE];
	int n, err, holes = 0;

	n = page_blocks(inode, page->index, b, &err);
	for (int i = 0; i < n; i++)
		holes += !b[i];
	if (!err && holes) {
		mutex_lock(&inode->i_mutex);
		err = begin_op(sbi);
		if (!err) {
			err = alloc_page_blocks(inode, (loff_t)page->index << PAGE_SHIFT,
						min((loff_t)PAGE_SIZE,
						    inode->i_size - ((loff_t)page->index << PAGE_SHIFT)));
			pgfs_iupdate(inode);
			set_page_dirty(page);	/* before the commit, which writes it (ordered) */
			end_op(sbi);
		}
		mutex_unlock(&inode->i_mutex);
	}
	if (err)
		return err == -ENOMEM ? VM_FAULT_OOM : VM_FAULT_SIGBUS;
	return filemap_page_mkwrite(vmf);
}

static const struct vm_operations_struct pgfs_file_vm_ops = {
	.fault = filemap_fault,
	.page_mkwrite = pgfs_page_mkwrite,
};

int pgfs_file_mmap(struct file *file, struct vm_area_struct *vma)
{
	vma->vm_ops = &pgfs_file_vm_ops;
	return 0;
}

/*
 * fsync: the file's dirty pages to their blocks, then every transaction
 * that may hold its inode committed, then the disk's cache flushed
 * (Linux: ext4_sync_file).
 */
int pgfs_fsync(struct file *file, loff_t start, loff_t end)
{
	struct inode *inode = file->f_inode;
	struct pgfs_sb_info *sbi = PGFS_SB(inode->i_sb);
	int err = 0, err2;

	if (S_ISREG(inode->i_mode))
		err = filemap_write_and_wait_range(inode->i_mapping, start, end);
	err2 = pgfs_log_force(sbi);
	if (!err)
		err = err2;
	err2 = blkdev_issue_flush(sbi->bdev);
	return err ? err : err2;
}
