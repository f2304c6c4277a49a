/*
 * The virtio block device: QEMU's disks (Linux: drivers/block/virtio_blk.c;
 * spec 5.2).
 *
 * A request is a chain of three buffers on the device's one queue: a
 * header the device reads (type, sector), the data (read by the device
 * for a write, written by it for a read) and a status byte it writes. We
 * keep requests in flight until the queue's descriptors run out; further
 * bios wait on a list and start as earlier ones finish. The interrupt
 * handler, on whichever hart the PLIC picked, takes finished requests
 * off the used ring and ends their bios.
 *
 * Linux builds on blk-mq: a request queue per disk, hardware queues,
 * tags; requests are merged and split to the device's limits.
 */
#include "drivers/virtio/virtio.h"
#include "block/blkdev.h"
#include "init.h"
#include "errno.h"
#include "printk.h"
#include "string.h"
#include "mm/slab.h"

/* Feature bits (spec 5.2.3). */
#define VIRTIO_BLK_F_RO		5	/* the disk is read-only */
#define VIRTIO_BLK_F_FLUSH	9	/* it has a write cache; FLUSH empties it */

/* Request types and status (spec 5.2.6). */
#define VIRTIO_BLK_T_IN		0	/* read */
#define VIRTIO_BLK_T_OUT	1	/* write */
#define VIRTIO_BLK_T_FLUSH	4
#define VIRTIO_BLK_S_OK		0
#define VIRTIO_BLK_S_IOERR	1
#define VIRTIO_BLK_S_UNSUPP	2

#define VIRTIO_BLK_CONFIG_CAPACITY 0	/* u64, in 512-byte sectors */

struct virtio_blk_outhdr {
	u32 type;
	u32 ioprio;
	u64 sector;
};

/* One request slot; the header and status byte are read/written by the device. */
struct virtblk_req {
	struct virtio_blk_outhdr out_hdr;
	u8 status;
	struct bio *bio;
	struct list_head list;		/* on free_reqs while unused */
};

/*
 * One disk. `lock` (taken with interrupts off: the handler takes it too)
 * protects the virtqueue, the request slots and the waiting bios.
 */
struct virtio_blk {
	struct virtio_device *vdev;
	struct virtqueue *vq;
	spinlock_t lock;
	struct block_device bdev;
	struct virtblk_req *reqs;
	unsigned int nr_reqs;
	struct list_head free_reqs;
	struct list_head waiting;	/* bios with no request slot yet (bio->bi_list) */
};

static int nr_disks;

static int virtblk_status(u8 status)
{
	if (status == VIRTIO_BLK_S_OK)
		return 0;
	return status == VIRTIO_BLK_S_UNSUPP ? -ENOTSUP : -EIO;
}

static int virtblk_add_req(struct virtio_blk *vblk, struct virtblk_req *req, struct bio *bio)
{
	struct scatterlist sgs[3];
	unsigned int out = 1, in = 1, n = 1;

	req->bio = bio;
	req->status = 0xff;	/* stays so if the device never writes it */
	req->out_hdr.ioprio = 0;
	req->out_hdr.sector = bio->bi_sector;
	sgs[0] = (struct scatterlist){ &req->out_hdr, sizeof(req->out_hdr) };
	if (bio->bi_opf == REQ_OP_FLUSH) {
		req->out_hdr.type = VIRTIO_BLK_T_FLUSH;
		req->out_hdr.sector = 0;
	} else {
		req->out_hdr.type = bio->bi_opf == REQ_OP_WRITE ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN;
		sgs[n++] = (struct scatterlist){ bio->bi_buf, bio->bi_size };
		if (bio->bi_opf == REQ_OP_WRITE)
			out++;
		else
			in++;
	}
	sgs[n] = (struct scatterlist){ &req->status, 1 };
	return virtqueue_add_sgs(vblk->vq, sgs, out, in, req);
}

/* Starts waiting bios while slots and descriptors last. Called with the lock. */
static void virtblk_start(struct virtio_blk *vblk)
{
	bool added = false;

	while (!list_empty(&vblk->waiting) && !list_empty(&vblk->free_reqs)) {
		struct bio *bio = list_first_entry(&vblk->waiting, struct bio, bi_list);
		struct virtblk_req *req = list_first_entry(&vblk->free_reqs, struct virtblk_req, list);

		if (virtblk_add_req(vblk, req, bio))
			break;		/* out of descriptors: the next completion restarts us */
		list_del(&bio->bi_list);
		list_del(&req->list);
		added = true;
	}
	if (added)
		virtqueue_kick(vblk->vq);
}

static void virtblk_submit_bio(struct bio *bio)
{
	struct virtio_blk *vblk = bio->bi_bdev->bd_private;
	unsigned long flags;

	/* No write cache to flush: done (Linux: blk_queue_write_cache off). */
	if (bio->bi_opf == REQ_OP_FLUSH && !virtio_has_feature(vblk->vdev, VIRTIO_BLK_F_FLUSH)) {
		bio->bi_status = 0;
		bio_endio(bio);
		return;
	}
	spin_lock_irqsave(&vblk->lock, flags);
	list_add_tail(&bio->bi_list, &vblk->waiting);
	virtblk_start(vblk);
	spin_unlock_irqrestore(&vblk->lock, flags);
}

/*
 * The queue's callback, from the interrupt handler: harvest the used
 * ring, refill the queue, then end the bios with the lock dropped (an
 * end_io may submit the next bio).
 */
static void virtblk_done(struct virtqueue *vq)
{
	struct virtio_blk *vblk = vq->priv;
	struct virtblk_req *req;
	struct bio *bio, *tmp;
	unsigned long flags;
	unsigned int len;
	LIST_HEAD(done);

	spin_lock_irqsave(&vblk->lock, flags);
	while ((req = virtqueue_get_buf(vq, &len)) != NULL) {
		bio = req->bio;
		bio->bi_status = virtblk_status(req->status);
		list_add_tail(&bio->bi_list, &done);
		req->bio = NULL;
		list_add(&req->list, &vblk->free_reqs);
	}
	virtblk_start(vblk);
	spin_unlock_irqrestore(&vblk->lock, flags);
	list_for_each_entry_safe(bio, tmp, &done, bi_list) {
		list_del(&bio->bi_list);
		bio_endio(bio);
	}
}

static const struct block_device_operations virtblk_fops = {
	.submit_bio = virtblk_submit_bio,
};

static void virtblk_set_name(struct block_device *bdev, int index)
{
	/* vda..vdz, then vdaa..vdzz as in Linux's virtblk_name_format */
	if (index < 26)
		snprintf(bdev->bd_name, sizeof(bdev->bd_name), "vd%c", 'a' + index);
	else
		snprintf(bdev->bd_name, sizeof(bdev->bd_name), "vd%c%c",
			 'a' + index / 26 - 1, 'a' + index % 26);
}

static int virtblk_probe(struct virtio_device *vdev)
{
	struct virtio_blk *vblk = kzalloc(sizeof(*vblk), GFP_KERNEL);
	u64 capacity;
	int err = -ENOMEM;

	if (!vblk)
		return -ENOMEM;
	if (nr_disks >= 26 * 27) {
		kfree(vblk);
		return -ENOSPC;
	}
	vblk->vdev = vdev;
	spin_lock_init(&vblk->lock, "virtio_blk");
	INIT_LIST_HEAD(&vblk->free_reqs);
	INIT_LIST_HEAD(&vblk->waiting);
	vblk->vq = vdev->config->find_vq(vdev, 0, virtblk_done, "requests");
	if (!vblk->vq)
		goto out_vq;	/* it may have taken the irq */
	vblk->vq->priv = vblk;
	/* A read or write takes three descriptors: that many requests fit. */
	vblk->nr_reqs = max(vblk->vq->num / 3, 1U);
	vblk->reqs = kcalloc(vblk->nr_reqs, sizeof(*vblk->reqs), GFP_KERNEL);
	if (!vblk->reqs)
		goto out_vq;
	for (unsigned int i = 0; i < vblk->nr_reqs; i++)
		list_add_tail(&vblk->reqs[i].list, &vblk->free_reqs);
	virtio_cread_bytes(vdev, VIRTIO_BLK_CONFIG_CAPACITY, &capacity, sizeof(capacity));
	virtblk_set_name(&vblk->bdev, nr_disks);
	vblk->bdev.bd_dev = MKDEV(VIRTBLK_MAJOR, nr_disks * 16);	/* 16 minors each, as Linux */
	vblk->bdev.bd_nr_sectors = capacity;
	vblk->bdev.bd_read_only = virtio_has_feature(vdev, VIRTIO_BLK_F_RO);
	vblk->bdev.bd_ops = &virtblk_fops;
	vblk->bdev.bd_private = vblk;
	vdev->priv = vblk;
	virtio_device_ready(vdev);
	err = add_disk(&vblk->bdev);
	if (err)
		goto out_reqs;
	nr_disks++;
	pr_info("virtio_blk %s: [%s] %lu 512-byte logical blocks (%lu MiB)%s%s\n",
		vdev->name, vblk->bdev.bd_name, capacity, capacity >> 11,
		vblk->bdev.bd_read_only ? ", read-only" : "",
		virtio_has_feature(vdev, VIRTIO_BLK_F_FLUSH) ? ", write cache" : "");
	return 0;

out_reqs:
	vdev->config->reset(vdev);
	kfree(vblk->reqs);
out_vq:
	vdev->config->del_vqs(vdev);
	vdev->priv = NULL;
	kfree(vblk);
	return err;
}

static const unsigned int virtblk_features[] = { VIRTIO_BLK_F_RO, VIRTIO_BLK_F_FLUSH };

static struct virtio_driver virtio_blk = {
	.name = "virtio_blk",
	.device_id = VIRTIO_ID_BLOCK,
	.feature_table = virtblk_features,
	.feature_table_size = ARRAY_SIZE(virtblk_features),
	.probe = virtblk_probe,
};

static int virtio_blk_init(void)
{
	return register_virtio_driver(&virtio_blk);
}
device_initcall(virtio_blk_init);
