/*
 * The virtio bus: device status handshake and feature negotiation, and
 * matching devices to drivers (Linux: drivers/virtio/virtio.c,
 * virtio_dev_probe, register_virtio_driver/device; spec 3.1.1).
 *
 * Called from initcalls, one at a time, so the two lists need no lock.
 * A transport registers each device it finds, a driver registers itself;
 * whichever comes second triggers the probe. Devices are probed in the
 * order they were registered, so vda is the first disk found.
 */
#include "drivers/virtio/virtio.h"
#include "errno.h"
#include "printk.h"

static LIST_HEAD(virtio_devices);
static LIST_HEAD(virtio_drivers);

static void virtio_add_status(struct virtio_device *vdev, u8 status)
{
	vdev->config->set_status(vdev, vdev->config->get_status(vdev) | status);
}

void virtio_device_ready(struct virtio_device *vdev)
{
	virtio_add_status(vdev, VIRTIO_CONFIG_S_DRIVER_OK);
}

void virtio_cread_bytes(struct virtio_device *vdev, unsigned int offset, void *buf,
			unsigned int len)
{
	u32 gen;

	/* The device may change config while we read: read until it did not. */
	do {
		gen = vdev->config->generation(vdev);
		vdev->config->get(vdev, offset, buf, len);
	} while (gen != vdev->config->generation(vdev));
}

/* We accept what both the device offers and the driver understands, plus VERSION_1. */
static int virtio_negotiate(struct virtio_device *vdev, struct virtio_driver *drv)
{
	u64 offered = vdev->config->get_features(vdev), wanted = 1ULL << VIRTIO_F_VERSION_1;

	for (unsigned int i = 0; i < drv->feature_table_size; i++)
		wanted |= 1ULL << drv->feature_table[i];
	if (!(offered & (1ULL << VIRTIO_F_VERSION_1))) {
		pr_err("%s: device does not offer VIRTIO_F_VERSION_1 (legacy only)\n", vdev->name);
		return -ENODEV;
	}
	vdev->features = offered & wanted;
	vdev->config->finalize_features(vdev);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_FEATURES_OK);
	if (!(vdev->config->get_status(vdev) & VIRTIO_CONFIG_S_FEATURES_OK)) {
		pr_err("%s: device refused features %#lx\n", vdev->name, vdev->features);
		return -ENODEV;
	}
	return 0;
}

static void virtio_dev_probe(struct virtio_device *vdev, struct virtio_driver *drv)
{
	int err;

	virtio_add_status(vdev, VIRTIO_CONFIG_S_DRIVER);
	err = virtio_negotiate(vdev, drv);
	if (!err) {
		vdev->driver = drv;
		err = drv->probe(vdev);
	}
	if (err) {
		pr_err("%s: %s probe failed: %d\n", vdev->name, drv->name, err);
		vdev->driver = NULL;
		virtio_add_status(vdev, VIRTIO_CONFIG_S_FAILED);
	}
}

int register_virtio_device(struct virtio_device *vdev)
{
	struct virtio_driver *drv;

	vdev->config->reset(vdev);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	list_add_tail(&vdev->list, &virtio_devices);
	list_for_each_entry(drv, &virtio_drivers, list)
		if (drv->device_id == vdev->device_id) {
			virtio_dev_probe(vdev, drv);
			break;
		}
	return 0;
}

int register_virtio_driver(struct virtio_driver *drv)
{
	struct virtio_device *vdev;

	if (!drv->probe)
		return -EINVAL;
	list_add_tail(&drv->list, &virtio_drivers);
	list_for_each_entry(vdev, &virtio_devices, list)
		if (!vdev->driver && vdev->device_id == drv->device_id)
			virtio_dev_probe(vdev, drv);
	return 0;
}
