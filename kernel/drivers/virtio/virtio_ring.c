/*
 * Split virtqueues (Linux: drivers/virtio/virtio_ring.c; spec 2.7).
 *
 * Three areas in guest memory, shared with the device:
 *   desc   num descriptors, each one buffer (address, length, flags);
 *          a request is a chain of them linked by `next`
 *   avail  the driver's ring: heads of chains it offers, and idx, where
 *          its next entry goes
 *   used   the device's ring: heads of chains it has finished, and idx
 * Both indexes run freely (mod 2^16) and are taken mod num for a slot.
 * The driver writes desc and avail and reads used; the fences make the
 * device see a descriptor before the avail entry that names it, and us
 * see a used entry only after the device's idx says it is there.
 *
 * Linux also has packed virtqueues, indirect descriptors and event
 * indexes (interrupt suppression); Pagoda uses none of them.
 */
#include "drivers/virtio/virtio.h"
#include "errno.h"
#include "printk.h"
#include "riscv.h"
#include "mm/gfp.h"
#include "mm/page.h"
#include "mm/slab.h"

/* Each area gets a page of its own: enough for num <= 256, and aligned. */
#define VRING_MAX_NUM 256

static inline void virtio_wmb(void)
{
	__asm__ __volatile__("fence w,w" ::: "memory");
}

static inline void virtio_rmb(void)
{
	__asm__ __volatile__("fence r,r" ::: "memory");
}

struct virtqueue *vring_create_virtqueue(unsigned int index, unsigned int num,
					 struct virtio_device *vdev,
					 void (*notify)(struct virtqueue *vq),
					 vq_callback_t *callback, const char *name)
{
	struct virtqueue *vq;

	if (!num || num > VRING_MAX_NUM || (num & (num - 1)))
		return NULL;
	vq = kzalloc(sizeof(*vq), GFP_KERNEL);
	if (!vq)
		return NULL;
	vq->desc = (void *)get_zeroed_page(GFP_KERNEL);
	vq->avail = (void *)get_zeroed_page(GFP_KERNEL);
	vq->used = (void *)get_zeroed_page(GFP_KERNEL);
	vq->data = kcalloc(num, sizeof(void *), GFP_KERNEL);
	if (!vq->desc || !vq->avail || !vq->used || !vq->data) {
		vring_del_virtqueue(vq);
		return NULL;
	}
	vq->vdev = vdev;
	vq->index = index;
	vq->name = name;
	vq->notify = notify;
	vq->callback = callback;
	vq->num = num;
	vq->num_free = num;
	vq->free_head = 0;
	for (unsigned int i = 0; i < num - 1; i++)
		vq->desc[i].next = i + 1;
	return vq;
}

void vring_del_virtqueue(struct virtqueue *vq)
{
	if (!vq)
		return;
	if (vq->desc)
		free_page((unsigned long)vq->desc);
	if (vq->avail)
		free_page((unsigned long)vq->avail);
	if (vq->used)
		free_page((unsigned long)vq->used);
	kfree(vq->data);
	kfree(vq);
}

int virtqueue_add_sgs(struct virtqueue *vq, struct scatterlist *sgs,
		      unsigned int out_sgs, unsigned int in_sgs, void *data)
{
	unsigned int total = out_sgs + in_sgs, head = vq->free_head, i = head, last = head;

	if (!total || !data)
		return -EINVAL;
	if (vq->num_free < total)
		return -ENOSPC;
	/* Take descriptors off the free list; it is already chained through next. */
	for (unsigned int n = 0; n < total; n++) {
		struct vring_desc *d = &vq->desc[i];

		d->addr = __pa(sgs[n].buf);
		d->len = sgs[n].length;
		d->flags = (n >= out_sgs ? VRING_DESC_F_WRITE : 0) |
			   (n + 1 < total ? VRING_DESC_F_NEXT : 0);
		last = i;
		i = d->next;
	}
	vq->free_head = vq->desc[last].next;
	vq->num_free -= total;
	vq->data[head] = data;
	vq->avail->ring[vq->avail_idx % vq->num] = head;
	virtio_wmb();		/* descriptors and ring entry before idx */
	vq->avail_idx++;
	WRITE_ONCE(vq->avail->idx, vq->avail_idx);
	return 0;
}

void virtqueue_kick(struct virtqueue *vq)
{
	mb();			/* our idx out before we read the device's flags */
	if (!(READ_ONCE(vq->used->flags) & VRING_USED_F_NO_NOTIFY))
		vq->notify(vq);
}

/* Puts chain `head` back on the free list. */
static void detach_buf(struct virtqueue *vq, unsigned int head)
{
	unsigned int i = head, n = 1;

	while ((vq->desc[i].flags & VRING_DESC_F_NEXT) && n < vq->num) {
		i = vq->desc[i].next % vq->num;
		n++;
	}
	vq->desc[i].next = vq->free_head;
	vq->free_head = head;
	vq->num_free += n;
	vq->data[head] = NULL;
}

void *virtqueue_get_buf(struct virtqueue *vq, unsigned int *len)
{
	struct vring_used_elem *e;
	void *data;
	u32 id;

	if (vq->last_used_idx == READ_ONCE(vq->used->idx))
		return NULL;
	virtio_rmb();		/* the entry after the idx that covers it */
	e = &vq->used->ring[vq->last_used_idx % vq->num];
	id = e->id;
	if (id >= vq->num || !vq->data[id]) {
		/* A device bug; stop here rather than free what we never gave. */
		pr_err("virtio: %s: bad used id %u\n", vq->name, id);
		return NULL;
	}
	if (len)
		*len = e->len;
	data = vq->data[id];
	detach_buf(vq, id);
	vq->last_used_idx++;
	return data;
}

void vring_interrupt(struct virtqueue *vq)
{
	if (vq->callback)
		vq->callback(vq);
}
