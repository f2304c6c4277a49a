/*
 * The list of disks (Linux: block/genhd.c add_disk/del_gendisk,
 * block/bdev.c blkdev_get_by_dev, lookup_bdev).
 *
 * A driver fills in a struct block_device and calls add_disk(); file
 * systems, swap and /proc find disks here by name or device number.
 * Linux keeps a gendisk (the disk) apart from block_device (the disk or
 * one partition), and hands out references; Pagoda has no partitions,
 * and a disk, once added, stays until del_gendisk().
 */
#include "block/blkdev.h"
#include "spinlock.h"
#include "string.h"
#include "errno.h"
#include "printk.h"

LIST_HEAD(all_bdevs);
/* Protects all_bdevs. Taken with interrupts off: lookups may come from anywhere. */
static DEFINE_SPINLOCK(bdev_lock);

static struct block_device *__lookup_name(const char *name)
{
	struct block_device *bdev;

	list_for_each_entry(bdev, &all_bdevs, bd_list)
		if (!strcmp(bdev->bd_name, name))
			return bdev;
	return NULL;
}

static struct block_device *__lookup_dev(dev_t dev)
{
	struct block_device *bdev;

	list_for_each_entry(bdev, &all_bdevs, bd_list)
		if (bdev->bd_dev == dev)
			return bdev;
	return NULL;
}

int add_disk(struct block_device *bdev)
{
	unsigned long flags;
	int err = 0;

	if (!bdev || !bdev->bd_name[0] || !bdev->bd_ops || !bdev->bd_ops->submit_bio ||
	    strnlen(bdev->bd_name, sizeof(bdev->bd_name)) == sizeof(bdev->bd_name))
		return -EINVAL;
	spin_lock_irqsave(&bdev_lock, flags);
	if (__lookup_name(bdev->bd_name) || (bdev->bd_dev && __lookup_dev(bdev->bd_dev)))
		err = -EEXIST;
	else
		list_add_tail(&bdev->bd_list, &all_bdevs);
	spin_unlock_irqrestore(&bdev_lock, flags);
	return err;
}

void del_gendisk(struct block_device *bdev)
{
	unsigned long flags;

	spin_lock_irqsave(&bdev_lock, flags);
	list_del_init(&bdev->bd_list);
	spin_unlock_irqrestore(&bdev_lock, flags);
}

/* "vda" or "/dev/vda" (Linux: lookup_bdev() resolves the path). */
struct block_device *blkdev_get_by_name(const char *name)
{
	struct block_device *bdev;
	unsigned long flags;

	if (!name)
		return NULL;
	if (!strncmp(name, "/dev/", 5))
		name += 5;
	spin_lock_irqsave(&bdev_lock, flags);
	bdev = __lookup_name(name);
	spin_unlock_irqrestore(&bdev_lock, flags);
	return bdev;
}

struct block_device *blkdev_get_by_dev(dev_t dev)
{
	struct block_device *bdev;
	unsigned long flags;

	spin_lock_irqsave(&bdev_lock, flags);
	bdev = dev ? __lookup_dev(dev) : NULL;
	spin_unlock_irqrestore(&bdev_lock, flags);
	return bdev;
}
