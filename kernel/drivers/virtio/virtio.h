/*
 * Virtio: devices that QEMU emulates for a guest that knows it is a
 * guest (Linux: include/linux/virtio.h, virtio_config.h,
 * include/uapi/linux/virtio_ring.h; the spec is OASIS "Virtual I/O
 * Device (VIRTIO) Version 1.x").
 *
 * A device (a disk, a network card) sits behind a transport (Pagoda:
 * MMIO registers, virtio_mmio.c) and talks to its driver (virtio_blk.c)
 * through virtqueues in guest memory (virtio_ring.c): the driver puts
 * buffers in, kicks the device, and the device hands them back used and
 * raises an interrupt.
 */
#ifndef _DRIVERS_VIRTIO_VIRTIO_H
#define _DRIVERS_VIRTIO_VIRTIO_H

#include "types.h"
#include "list.h"
#include "spinlock.h"

/* Device status bits (spec 2.1): the driver's progress through the handshake. */
#define VIRTIO_CONFIG_S_ACKNOWLEDGE	1	/* we saw the device */
#define VIRTIO_CONFIG_S_DRIVER		2	/* we have a driver for it */
#define VIRTIO_CONFIG_S_DRIVER_OK	4	/* the driver is ready: go */
#define VIRTIO_CONFIG_S_FEATURES_OK	8	/* feature negotiation is done */
#define VIRTIO_CONFIG_S_NEEDS_RESET	0x40
#define VIRTIO_CONFIG_S_FAILED		0x80	/* we gave up on the device */

/* Device-independent feature bits (spec 6). */
#define VIRTIO_F_VERSION_1	32	/* a virtio 1.x device, not legacy */

#define VIRTIO_ID_NET	1
#define VIRTIO_ID_BLOCK	2

/* Split virtqueue layout (spec 2.7): shared with the device, little-endian. */
#define VRING_DESC_F_NEXT	1	/* the buffer continues in `next` */
#define VRING_DESC_F_WRITE	2	/* the device writes this buffer */
#define VRING_USED_F_NO_NOTIFY	1	/* the device asks not to be kicked (it is polling) */

struct vring_desc {
	u64 addr;		/* guest physical */
	u32 len;
	u16 flags;
	u16 next;
};

struct vring_avail {		/* "driver area": buffers offered to the device */
	u16 flags;
	u16 idx;		/* where the driver puts the next entry (free-running) */
	u16 ring[];
};

struct vring_used_elem {
	u32 id;			/* head descriptor of the finished chain */
	u32 len;		/* bytes the device wrote */
};

struct vring_used {		/* "device area": buffers handed back */
	u16 flags;
	u16 idx;
	struct vring_used_elem ring[];
};

struct virtio_device;
struct virtqueue;
typedef void vq_callback_t(struct virtqueue *vq);

/*
 * A piece of a request: Linux's scatterlist names a page and an offset;
 * Pagoda's a linear-map (physically contiguous) address.
 */
struct scatterlist {
	void *buf;
	unsigned int length;
};

/*
 * One split virtqueue. Unused descriptors are chained through `next`
 * from free_head. The driver's lock (virtio_blk's) serialises all calls
 * on a queue; the device writes only the used ring and WRITE buffers.
 */
struct virtqueue {
	struct virtio_device *vdev;
	unsigned int index;		/* queue number on the device */
	const char *name;
	vq_callback_t *callback;	/* from the interrupt: buffers were used */
	void (*notify)(struct virtqueue *vq);	/* the transport's kick */
	void *priv;			/* the driver's */
	unsigned int num;		/* entries in each ring, a power of 2 */
	unsigned int num_free;
	u16 free_head;
	u16 avail_idx;			/* our copy of avail->idx */
	u16 last_used_idx;		/* the used entries we have taken */
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	void **data;			/* per head descriptor: the caller's token */
};

/* The transport's side (Linux: struct virtio_config_ops). */
struct virtio_config_ops {
	void (*get)(struct virtio_device *vdev, unsigned int offset, void *buf, unsigned int len);
	u32 (*generation)(struct virtio_device *vdev);
	u8 (*get_status)(struct virtio_device *vdev);
	void (*set_status)(struct virtio_device *vdev, u8 status);
	void (*reset)(struct virtio_device *vdev);
	u64 (*get_features)(struct virtio_device *vdev);
	void (*finalize_features)(struct virtio_device *vdev);	/* writes vdev->features */
	struct virtqueue *(*find_vq)(struct virtio_device *vdev, unsigned int index,
				     vq_callback_t *callback, const char *name);
	void (*del_vqs)(struct virtio_device *vdev);
};

struct virtio_device {
	int index;			/* virtio0, virtio1, ... in discovery order */
	char name[12];			/* "virtio0": the irq's name */
	u32 device_id;			/* VIRTIO_ID_* */
	u64 features;			/* negotiated */
	const struct virtio_config_ops *config;
	struct virtio_driver *driver;
	void *priv;			/* the driver's */
	struct list_head list;		/* all virtio devices */
};

struct virtio_driver {
	const char *name;
	u32 device_id;			/* Linux: an id_table */
	const unsigned int *feature_table;	/* feature bits the driver understands */
	unsigned int feature_table_size;
	int (*probe)(struct virtio_device *vdev);
	struct list_head list;
};

/* The bus (virtio.c): matches drivers and devices, whichever comes first. */
int register_virtio_device(struct virtio_device *vdev);
int register_virtio_driver(struct virtio_driver *drv);
/* The driver's probe ends with this: DRIVER_OK, the device may now use its queues. */
void virtio_device_ready(struct virtio_device *vdev);

static inline bool virtio_has_feature(const struct virtio_device *vdev, unsigned int fbit)
{
	return vdev->features & (1ULL << fbit);
}

/* Reads `len` bytes of device config at `offset`, consistently (spec 4.2.2.2). */
void virtio_cread_bytes(struct virtio_device *vdev, unsigned int offset, void *buf,
			unsigned int len);

/* Virtqueues (virtio_ring.c; Linux: drivers/virtio/virtio_ring.c). */
struct virtqueue *vring_create_virtqueue(unsigned int index, unsigned int num,
					 struct virtio_device *vdev,
					 void (*notify)(struct virtqueue *vq),
					 vq_callback_t *callback, const char *name);
void vring_del_virtqueue(struct virtqueue *vq);
/*
 * Offers out_sgs device-readable buffers followed by in_sgs
 * device-writable ones as one request; `data` comes back from
 * virtqueue_get_buf(). -ENOSPC if too few descriptors are free.
 */
int virtqueue_add_sgs(struct virtqueue *vq, struct scatterlist *sgs,
		      unsigned int out_sgs, unsigned int in_sgs, void *data);
/* Tells the device there are new buffers. */
void virtqueue_kick(struct virtqueue *vq);
/* The next used request's data (and bytes written in *len), or NULL. */
void *virtqueue_get_buf(struct virtqueue *vq, unsigned int *len);
/* The interrupt said buffers were used: run the queue's callback. */
void vring_interrupt(struct virtqueue *vq);

#endif
