/*
 * Virtio over memory-mapped registers, version 2 (Linux:
 * drivers/virtio/virtio_mmio.c; spec 4.2, "Virtio Over MMIO").
 *
 * QEMU's virt machine has eight virtio-mmio slots, each a page of
 * registers and an interrupt line; an empty slot reads device id 0.
 * Version 1 ("legacy") devices place the whole queue by a page frame
 * number; Pagoda drives only version 2, which takes a 64-bit address for
 * each of the three areas (QEMU: -global virtio-mmio.force-legacy=false).
 */
#include "drivers/virtio/virtio.h"
#include "devicetree.h"
#include "init.h"
#include "io.h"
#include "irq.h"
#include "errno.h"
#include "printk.h"
#include "mm/page.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"

#define VIRTIO_MMIO_MAGIC_VALUE		0x000	/* "virt" */
#define VIRTIO_MMIO_VERSION		0x004
#define VIRTIO_MMIO_DEVICE_ID		0x008
#define VIRTIO_MMIO_VENDOR_ID		0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES	0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL	0x014
#define VIRTIO_MMIO_DRIVER_FEATURES	0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL	0x024
#define VIRTIO_MMIO_QUEUE_SEL		0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX	0x034
#define VIRTIO_MMIO_QUEUE_NUM		0x038
#define VIRTIO_MMIO_QUEUE_READY		0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY	0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS	0x060
#define VIRTIO_MMIO_INTERRUPT_ACK	0x064
#define VIRTIO_MMIO_STATUS		0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW	0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH	0x084
#define VIRTIO_MMIO_QUEUE_AVAIL_LOW	0x090	/* the driver area */
#define VIRTIO_MMIO_QUEUE_AVAIL_HIGH	0x094
#define VIRTIO_MMIO_QUEUE_USED_LOW	0x0a0	/* the device area */
#define VIRTIO_MMIO_QUEUE_USED_HIGH	0x0a4
#define VIRTIO_MMIO_CONFIG_GENERATION	0x0fc
#define VIRTIO_MMIO_CONFIG		0x100	/* device-specific config */

#define VIRTIO_MMIO_INT_VRING		1	/* buffers were used */
#define VIRTIO_MMIO_INT_CONFIG		2	/* config space changed */

#define VIRTIO_MMIO_MAGIC		0x74726976
#define VM_MAX_VQS			4
#define VM_QUEUE_NUM			128	/* we use at most this many entries */

struct virtio_mmio_device {
	struct virtio_device vdev;
	void __iomem *base;
	phys_addr_t phys;
	unsigned int irq;
	bool irq_requested;
	struct virtqueue *vqs[VM_MAX_VQS];
};

#define to_vm(v) container_of(v, struct virtio_mmio_device, vdev)

static void __iomem *reg(struct virtio_mmio_device *vm, unsigned int off)
{
	return (char __iomem *)vm->base + off;
}

/* Config fields are read at their own width (spec 4.2.2.2); 8 bytes as two halves. */
static void vm_get(struct virtio_device *vdev, unsigned int offset, void *buf, unsigned int len)
{
	struct virtio_mmio_device *vm = to_vm(vdev);
	void __iomem *p = reg(vm, VIRTIO_MMIO_CONFIG + offset);

	if (len == 4) {
		*(u32 *)buf = readl(p);
	} else if (len == 8) {
		u64 lo = readl(p), hi = readl((char __iomem *)p + 4);

		*(u64 *)buf = lo | hi << 32;
	} else {
		for (unsigned int i = 0; i < len; i++)
			((u8 *)buf)[i] = readb((char __iomem *)p + i);
	}
}

static u32 vm_generation(struct virtio_device *vdev)
{
	return readl(reg(to_vm(vdev), VIRTIO_MMIO_CONFIG_GENERATION));
}

static u8 vm_get_status(struct virtio_device *vdev)
{
	return readl(reg(to_vm(vdev), VIRTIO_MMIO_STATUS)) & 0xff;
}

static void vm_set_status(struct virtio_device *vdev, u8 status)
{
	writel(status, reg(to_vm(vdev), VIRTIO_MMIO_STATUS));
}

/* Writing 0 resets the device; it reads 0 once the reset is done. */
static void vm_reset(struct virtio_device *vdev)
{
	writel(0, reg(to_vm(vdev), VIRTIO_MMIO_STATUS));
	while (vm_get_status(vdev))
		cpu_relax();
}

static u64 vm_get_features(struct virtio_device *vdev)
{
	struct virtio_mmio_device *vm = to_vm(vdev);
	u64 features;

	writel(1, reg(vm, VIRTIO_MMIO_DEVICE_FEATURES_SEL));
	features = (u64)readl(reg(vm, VIRTIO_MMIO_DEVICE_FEATURES)) << 32;
	writel(0, reg(vm, VIRTIO_MMIO_DEVICE_FEATURES_SEL));
	return features | readl(reg(vm, VIRTIO_MMIO_DEVICE_FEATURES));
}

static void vm_finalize_features(struct virtio_device *vdev)
{
	struct virtio_mmio_device *vm = to_vm(vdev);

	writel(1, reg(vm, VIRTIO_MMIO_DRIVER_FEATURES_SEL));
	writel(vdev->features >> 32, reg(vm, VIRTIO_MMIO_DRIVER_FEATURES));
	writel(0, reg(vm, VIRTIO_MMIO_DRIVER_FEATURES_SEL));
	writel((u32)vdev->features, reg(vm, VIRTIO_MMIO_DRIVER_FEATURES));
}

static void vm_notify(struct virtqueue *vq)
{
	writel(vq->index, reg(to_vm(vq->vdev), VIRTIO_MMIO_QUEUE_NOTIFY));
}

/* The device's line: acknowledge, then let each queue's driver harvest. */
static irqreturn_t vm_interrupt(int irq, void *opaque)
{
	struct virtio_mmio_device *vm = opaque;
	u32 status = readl(reg(vm, VIRTIO_MMIO_INTERRUPT_STATUS));

	if (!status)
		return IRQ_NONE;
	writel(status, reg(vm, VIRTIO_MMIO_INTERRUPT_ACK));
	if (status & VIRTIO_MMIO_INT_VRING)
		for (int i = 0; i < VM_MAX_VQS; i++)
			if (vm->vqs[i])
				vring_interrupt(vm->vqs[i]);
	return IRQ_HANDLED;
}

static void write_addr(struct virtio_mmio_device *vm, unsigned int lo, const void *va)
{
	u64 pa = __pa(va);

	writel((u32)pa, reg(vm, lo));
	writel(pa >> 32, reg(vm, lo + 4));
}

/* Spec 4.2.3.2: select, size, the three addresses, then ready. */
static struct virtqueue *vm_find_vq(struct virtio_device *vdev, unsigned int index,
				    vq_callback_t *callback, const char *name)
{
	struct virtio_mmio_device *vm = to_vm(vdev);
	struct virtqueue *vq;
	unsigned int num;

	if (index >= VM_MAX_VQS || vm->vqs[index])
		return NULL;
	if (!vm->irq_requested) {
		if (request_irq(vm->irq, vm_interrupt, vdev->name, vm)) {
			pr_err("%s: cannot get irq %u\n", vdev->name, vm->irq);
			return NULL;
		}
		vm->irq_requested = true;
	}
	writel(index, reg(vm, VIRTIO_MMIO_QUEUE_SEL));
	if (readl(reg(vm, VIRTIO_MMIO_QUEUE_READY)))
		return NULL;
	num = readl(reg(vm, VIRTIO_MMIO_QUEUE_NUM_MAX));
	if (!num)
		return NULL;	/* no such queue */
	num = min(num, (unsigned int)VM_QUEUE_NUM);
	while (num & (num - 1))
		num &= num - 1;	/* a power of two */
	vq = vring_create_virtqueue(index, num, vdev, vm_notify, callback, name);
	if (!vq)
		return NULL;
	writel(num, reg(vm, VIRTIO_MMIO_QUEUE_NUM));
	write_addr(vm, VIRTIO_MMIO_QUEUE_DESC_LOW, vq->desc);
	write_addr(vm, VIRTIO_MMIO_QUEUE_AVAIL_LOW, vq->avail);
	write_addr(vm, VIRTIO_MMIO_QUEUE_USED_LOW, vq->used);
	vm->vqs[index] = vq;
	writel(1, reg(vm, VIRTIO_MMIO_QUEUE_READY));
	return vq;
}

static void vm_del_vqs(struct virtio_device *vdev)
{
	struct virtio_mmio_device *vm = to_vm(vdev);

	if (vm->irq_requested)
		free_irq(vm->irq, vm);
	vm->irq_requested = false;
	for (int i = 0; i < VM_MAX_VQS; i++) {
		if (!vm->vqs[i])
			continue;
		writel(i, reg(vm, VIRTIO_MMIO_QUEUE_SEL));
		writel(0, reg(vm, VIRTIO_MMIO_QUEUE_READY));
		vring_del_virtqueue(vm->vqs[i]);
		vm->vqs[i] = NULL;
	}
}

static const struct virtio_config_ops virtio_mmio_config_ops = {
	.get = vm_get,
	.generation = vm_generation,
	.get_status = vm_get_status,
	.set_status = vm_set_status,
	.reset = vm_reset,
	.get_features = vm_get_features,
	.finalize_features = vm_finalize_features,
	.find_vq = vm_find_vq,
	.del_vqs = vm_del_vqs,
};

static int nr_virtio_devices;

/* One slot: an empty one or a legacy device is skipped (-ENODEV). */
static int virtio_mmio_probe(const struct dt_device *dt)
{
	struct virtio_mmio_device *vm;
	void __iomem *base = ioremap(dt->base, PAGE_SIZE);
	u32 version, id;

	if (!base)
		return -ENOMEM;
	version = readl((char __iomem *)base + VIRTIO_MMIO_VERSION);
	id = readl((char __iomem *)base + VIRTIO_MMIO_DEVICE_ID);
	if (readl((char __iomem *)base + VIRTIO_MMIO_MAGIC_VALUE) != VIRTIO_MMIO_MAGIC) {
		pr_warn("virtio-mmio@%lx: bad magic value\n", dt->base);
		id = 0;
	} else if (id && version == 1) {
		pr_err("virtio-mmio@%lx: legacy (version 1) device %u not supported; "
		       "run QEMU with -global virtio-mmio.force-legacy=false\n", dt->base, id);
		id = 0;
	} else if (id && version != 2) {
		pr_err("virtio-mmio@%lx: unknown version %u\n", dt->base, version);
		id = 0;
	}
	if (!id) {
		iounmap(base);
		return -ENODEV;
	}
	vm = kzalloc(sizeof(*vm), GFP_KERNEL);
	if (!vm) {
		iounmap(base);
		return -ENOMEM;
	}
	vm->base = base;
	vm->phys = dt->base;
	vm->irq = irq_of_parse_and_map(dt);
	vm->vdev.index = nr_virtio_devices++;
	snprintf(vm->vdev.name, sizeof(vm->vdev.name), "virtio%d", vm->vdev.index);
	vm->vdev.device_id = id;
	vm->vdev.config = &virtio_mmio_config_ops;
	pr_info("%s: virtio-mmio@%lx, device id %u, irq %u\n",
		vm->vdev.name, dt->base, id, vm->irq);
	return register_virtio_device(&vm->vdev);
}

/*
 * In device-tree order, as Linux probes. QEMU's virt machine plugs
 * command-line devices into the highest free slot first and lists the
 * slots highest first, so the first disk given becomes vda.
 */
static int virtio_mmio_init(void)
{
	for (int i = 0; i < boot_dt.nr_virtio; i++)
		virtio_mmio_probe(&boot_dt.virtio[i]);
	return 0;
}
device_initcall(virtio_mmio_init);
