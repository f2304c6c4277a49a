/*
 * The virtio block device: QEMU's disks (Linux: drivers/block/virtio_blk.c;
 * spec 5.2).
 *
 * A request is a chain of buffers on the device's one queue: a header
 * the device reads (type, sector), the data (read by the device for a
 * write, written by it for a read) and a status byte it writes. The data
 * is one buffer per bio: the block layer hands us a merged request as a
 * chain of bios (bi_next, at most bd_max_segments), and they all end
 * with the request's status. We keep requests in flight until the
 * queue's descriptors run out; further requests wait on a list and start
 * as earlier ones finish. The interrupt handler, on whichever hart the
 * PLIC picked, takes finished requests off the used ring and ends their
 * bios.
 *
 * Linux builds on blk-mq: a request queue per disk, hardware queues,
 * tags; the block layer splits bios to the device's limits, and a
 * request's segments may go in one indirect descriptor.
 */
#include "drivers/virtio/virtio.h"
#include "block/blkdev.h"
#include "init.h"
#include "errno.h"
#include "printk.h"
#include "string.h"
#include "mm/slab.h"

/* Feature bits (spec 5.2.3). */
#define VIRTIO_BLK_F_SEG_MAX	2	/* seg_max says how many data buffers a request may have */
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
#define VIRTIO_BLK_CONFIG_SEG_MAX 12	/* u32 */

/*
 * Bios in one request, at most: each takes a descriptor besides the
 * header's and the status's, so with QEMU's 128-entry queue about four
 * full requests are in flight at once. 32 pages is 128 KiB a request,
 * Linux's BLK_PLUG_FLUSH_SIZE.
 */
#define VIRTBLK_MAX_SEGMENTS 32

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
	struct list_head waiting;	/* requests with no slot yet (first bio's bi_list) */
	unsigned int max_segments;	/* bios in a request; <= VIRTBLK_MAX_SEGMENTS */
};

static int nr_disks;

static int virtblk_status(u8 status)
{
	if (status == VIRTIO_BLK_S_OK)
		return 0;
	return status == VIRTIO_BLK_S_UNSUPP ? -ENOTSUP : -EIO;
}

/*
 * Header, a data buffer per bio of the request, status: the device reads
 * the header and, for a write, the data; it writes the rest.
 */
static int virtblk_add_req(struct virtio_blk *vblk, struct virtblk_req *req, struct bio *bio)
{
	struct scatterlist sgs[VIRTBLK_MAX_SEGMENTS + 2];
	unsigned int n = 1, out;

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
		for (struct bio *b = bio; b; b = b->bi_next)
			sgs[n++] = (struct scatterlist){ b->bi_buf, b->bi_size };
	}
	out = bio->bi_opf == REQ_OP_WRITE ? n : 1;
	sgs[n++] = (struct scatterlist){ &req->status, 1 };
	return virtqueue_add_sgs(vblk->vq, sgs, out, n - out, req);
}

/* Starts waiting bios while slots and descriptors last. Called with the lock. */
static void virtblk_start(struct virtio_blk *vblk)
{
	bool added = false;

	while (!list_empty(&vblk->waiting) && !list_empty(&vblk->free_reqs)) {
		struct bio *bio = list_first_entry(&vblk->waiting, struct bio, bi_list);
		struct virtblk_req *req = list_first_entry(&vblk->free_reqs, struct virtblk_req, list);

		/*
		 * Out of descriptors: the next completion restarts us. A request
		 * fits an idle queue (max_segments + 2 <= its size), so one
		 * always comes: nothing waits forever.
		 */
		if (virtblk_add_req(vblk, req, bio))
			break;
		list_del(&bio->bi_list);
		list_del(&req->list);
		added = true;
	}
	if (added)
		virtqueue_kick(vblk->vq);
}

/* Ends every bio of a request with `status`; the lock is not held. */
static void virtblk_end_request(struct bio *bio, int status)
{
	while (bio) {
		struct bio *next = bio->bi_next;

		bio->bi_next = NULL;
		bio->bi_status = status;
		bio_endio(bio);		/* may free the bio */
		bio = next;
	}
}

/* A request longer than we said we take would overrun sgs[] and might never fit the queue. */
static bool virtblk_request_ok(struct virtio_blk *vblk, struct bio *bio)
{
	unsigned int n = 0;

	for (; bio; bio = bio->bi_next)
		if (++n > vblk->max_segments)
			return false;
	return true;
}

static void virtblk_submit_bio(struct bio *bio)
{
	struct virtio_blk *vblk = bio->bi_bdev->bd_private;
	unsigned long flags;

	if (!virtblk_request_ok(vblk, bio)) {
		virtblk_end_request(bio, -EIO);
		return;
	}
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
		bio->bi_status = virtblk_status(req->status);	/* the request's, for all its bios */
		list_add_tail(&bio->bi_list, &done);
		req->bio = NULL;
		list_add(&req->list, &vblk->free_reqs);
	}
	virtblk_start(vblk);
	spin_unlock_irqrestore(&vblk->lock, flags);
	list_for_each_entry_safe(bio, tmp, &done, bi_list) {
		list_del(&bio->bi_list);
		virtblk_end_request(bio, bio->bi_status);
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

/*
 * Data buffers one request may carry: ours, the device's seg_max, and
 * what leaves room in the queue for the header and status (else a
 * request could never be added).
 */
static unsigned int virtblk_max_segments(struct virtio_blk *vblk)
{
	unsigned int room = vblk->vq->num > 3 ? vblk->vq->num - 2 : 1;
	unsigned int n = min(VIRTBLK_MAX_SEGMENTS, room);
	u32 seg_max;

	if (virtio_has_feature(vblk->vdev, VIRTIO_BLK_F_SEG_MAX)) {
		virtio_cread_bytes(vblk->vdev, VIRTIO_BLK_CONFIG_SEG_MAX, &seg_max, sizeof(seg_max));
		n = min(n, seg_max);
	}
	return max(n, 1U);
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
	/* A one-bio read or write takes three descriptors: that many requests fit. */
	vblk->nr_reqs = max(vblk->vq->num / 3, 1U);
	vblk->max_segments = virtblk_max_segments(vblk);
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
	vblk->bdev.bd_max_segments = vblk->max_segments;
	vblk->bdev.bd_ops = &virtblk_fops;
	vblk->bdev.bd_private = vblk;
	vdev->priv = vblk;
	virtio_device_ready(vdev);
	err = add_disk(&vblk->bdev);
	if (err)
		goto out_reqs;
	nr_disks++;
	pr_info("virtio_blk %s: [%s] %lu 512-byte logical blocks (%lu MiB), %u segments%s%s\n",
		vdev->name, vblk->bdev.bd_name, capacity, capacity >> 11, vblk->max_segments,
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

static const unsigned int virtblk_features[] = {
	VIRTIO_BLK_F_SEG_MAX, VIRTIO_BLK_F_RO, VIRTIO_BLK_F_FLUSH,
};

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
