/*
 * RAM disks: block devices backed by memory (Linux: drivers/block/brd.c).
 *
 * BRD_NR disks ram0, ram1, ... are registered at boot with no capacity;
 * brd_set_capacity() gives one a size (tests format and mount them). A
 * page of backing store is allocated the first time a sector in it is
 * written, and reads of a page never written return zeros, as in Linux.
 * Requests complete at once, in the submitter's context.
 */
#include "drivers/block/brd.h"
#include "spinlock.h"
#include "init.h"
#include "errno.h"
#include "string.h"
#include "printk.h"
#include "mm/gfp.h"
#include "mm/page.h"
#include "mm/vmalloc.h"

#define BRD_PAGE_SECTORS (PAGE_SIZE / SECTOR_SIZE)

struct brd_device {
	struct block_device bdev;
	spinlock_t lock;		/* the page table; the data needs none */
	void **pages;			/* kernel addresses, NULL: never written */
	unsigned long npages;
};

static struct brd_device brd_devs[BRD_NR];

/* The backing page of sector `sector`, allocated if `alloc`; NULL if none. */
static void *brd_page(struct brd_device *brd, u64 sector, bool alloc)
{
	unsigned long idx = sector / BRD_PAGE_SECTORS;
	void *page, *fresh;

	spin_lock(&brd->lock);
	page = brd->pages[idx];
	spin_unlock(&brd->lock);
	if (page || !alloc)
		return page;
	fresh = (void *)get_zeroed_page(GFP_KERNEL);
	if (!fresh)
		return NULL;
	spin_lock(&brd->lock);
	page = brd->pages[idx];
	if (!page)
		page = brd->pages[idx] = fresh;
	spin_unlock(&brd->lock);
	if (page != fresh)
		free_page((unsigned long)fresh);	/* another writer was first */
	return page;
}

static int brd_do_bio(struct brd_device *brd, struct bio *bio)
{
	u64 sector = bio->bi_sector;
	unsigned int done = 0, off, n;
	char *buf = bio->bi_buf;
	void *page;

	if (bio->bi_opf == REQ_OP_FLUSH)
		return 0;
	if (bio->bi_size % SECTOR_SIZE || sector + bio->bi_size / SECTOR_SIZE > brd->bdev.bd_nr_sectors ||
	    sector + bio->bi_size / SECTOR_SIZE < sector)
		return -EIO;
	while (done < bio->bi_size) {
		off = (sector % BRD_PAGE_SECTORS) * SECTOR_SIZE;
		n = min(bio->bi_size - done, (unsigned int)PAGE_SIZE - off);
		page = brd_page(brd, sector, bio->bi_opf == REQ_OP_WRITE);
		if (bio->bi_opf == REQ_OP_WRITE) {
			if (!page)
				return -ENOMEM;
			memcpy((char *)page + off, buf + done, n);
		} else if (page) {
			memcpy(buf + done, (char *)page + off, n);
		} else {
			memset(buf + done, 0, n);
		}
		done += n;
		sector += n / SECTOR_SIZE;
	}
	return 0;
}

static void brd_submit_bio(struct bio *bio)
{
	struct brd_device *brd = bio->bi_bdev->bd_private;

	bio->bi_status = brd_do_bio(brd, bio);
	bio_endio(bio);
}

static const struct block_device_operations brd_fops = {
	.submit_bio = brd_submit_bio,
};

static void brd_free_pages(struct brd_device *brd)
{
	unsigned long i;

	for (i = 0; i < brd->npages; i++)
		if (brd->pages[i])
			free_page((unsigned long)brd->pages[i]);
	vfree(brd->pages);
	brd->pages = NULL;
	brd->npages = 0;
	brd->bdev.bd_nr_sectors = 0;
}

struct block_device *brd_get(int index)
{
	if (index < 0 || index >= BRD_NR || !brd_devs[index].bdev.bd_ops)
		return NULL;
	return &brd_devs[index].bdev;
}

int brd_set_capacity(int index, u64 bytes)
{
	struct brd_device *brd;
	unsigned long npages = DIV_ROUND_UP(bytes, PAGE_SIZE);

	if (index < 0 || index >= BRD_NR || bytes % SECTOR_SIZE || bytes > BRD_MAX_BYTES)
		return -EINVAL;
	brd = &brd_devs[index];
	brd_free_pages(brd);
	if (!bytes)
		return 0;
	brd->pages = vzalloc(npages * sizeof(void *));
	if (!brd->pages)
		return -ENOMEM;
	brd->npages = npages;
	brd->bdev.bd_nr_sectors = bytes / SECTOR_SIZE;
	return 0;
}

/* Linux: brd_init, with rd_nr disks. */
static int brd_init(void)
{
	int i, err;

	for (i = 0; i < BRD_NR; i++) {
		struct brd_device *brd = &brd_devs[i];

		spin_lock_init(&brd->lock, "brd");
		snprintf(brd->bdev.bd_name, sizeof(brd->bdev.bd_name), "ram%d", i);
		brd->bdev.bd_dev = MKDEV(RAMDISK_MAJOR, i);
		brd->bdev.bd_ops = &brd_fops;
		brd->bdev.bd_private = brd;
		err = add_disk(&brd->bdev);
		if (err) {
			brd->bdev.bd_ops = NULL;
			return err;
		}
	}
	return 0;
}
device_initcall(brd_init);
