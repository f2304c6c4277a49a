/*
 * Tests of the PLIC driver and the irq layer (kernel/drivers/irqchip/
 * irq-sifive-plic.c, kernel/irq/irqdesc.c): the device tree's contexts,
 * request_irq's checks, and a real device interrupt (a disk read on the
 * scratch disk) arriving, being counted and handled.
 */
#include "kunit/test.h"
#include "irq.h"
#include "devicetree.h"
#include "smp.h"
#include "errno.h"
#include "string.h"
#include "mm/slab.h"
#include "drivers/tests/scratch.h"

/* Every online hart has an S-mode context on exactly one PLIC. */
static void plic_every_cpu_has_one_s_context(struct kunit *test)
{
	KUNIT_ASSERT_GE(test, boot_dt.nr_plic, 1);
	for (int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		int found = 0;

		if (!cpu_info[cpu].online)
			continue;
		for (int p = 0; p < boot_dt.nr_plic; p++)
			for (int c = 0; c < boot_dt.plics[p].nr_contexts; c++)
				found += boot_dt.plics[p].ctx_hartid[c] == cpu_info[cpu].hartid &&
					 boot_dt.plics[p].ctx_cause[c] == 9;
		KUNIT_EXPECT_EQ(test, found, 1);
	}
	KUNIT_EXPECT_TRUE(test, csr_read(sie) & SIE_SEIE);
}

/* QEMU gives each NUMA socket its own PLIC, each with its own phandle. */
static void plic_one_per_socket(struct kunit *test)
{
	int nodes = boot_dt.nr_nodes ? boot_dt.nr_nodes : 1;

	KUNIT_EXPECT_EQ(test, boot_dt.nr_plic, nodes);
	for (int p = 0; p < boot_dt.nr_plic; p++) {
		KUNIT_EXPECT_NE(test, boot_dt.plics[p].phandle, 0);
		KUNIT_EXPECT_GT(test, boot_dt.plics[p].ndev, 0);
		if (p)
			KUNIT_EXPECT_NE(test, boot_dt.plics[p].phandle, boot_dt.plics[0].phandle);
	}
}

static irqreturn_t dummy_handler(int irq, void *dev_id)
{
	return IRQ_HANDLED;
}

/* A PLIC source nothing is wired to on QEMU's virt machine. */
#define UNWIRED_HWIRQ 60

static void plic_request_irq_checks_arguments(struct kunit *test)
{
	struct dt_device dev = { .irq = UNWIRED_HWIRQ, .irq_parent = boot_dt.plics[0].phandle };
	struct dt_device bad = { .irq = UNWIRED_HWIRQ, .irq_parent = 0xdead };
	unsigned int irq = irq_of_parse_and_map(&dev);
	int token;

	KUNIT_ASSERT_NE(test, irq, 0);
	KUNIT_EXPECT_EQ(test, irq_of_parse_and_map(&dev), irq);	/* the same line, the same irq */
	KUNIT_EXPECT_EQ(test, irq_of_parse_and_map(&bad), 0);
	KUNIT_EXPECT_EQ(test, irq_of_parse_and_map(NULL), 0);
	KUNIT_EXPECT_EQ(test, request_irq(0, dummy_handler, "t", NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, request_irq(NR_IRQS, dummy_handler, "t", NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, request_irq(irq, NULL, "t", NULL), -EINVAL);
	KUNIT_EXPECT_NULL(test, irq_name(irq));
	KUNIT_ASSERT_EQ(test, request_irq(irq, dummy_handler, "plic-test", &token), 0);
	KUNIT_EXPECT_EQ(test, request_irq(irq, dummy_handler, "again", NULL), -EBUSY);
	KUNIT_EXPECT_TRUE(test, irq_name(irq) && !strcmp(irq_name(irq), "plic-test"));
	free_irq(irq, NULL);			/* not the owner: refused, with a warning */
	KUNIT_EXPECT_NOT_NULL(test, irq_name(irq));
	free_irq(irq, &token);
	KUNIT_EXPECT_NULL(test, irq_name(irq));
	KUNIT_EXPECT_EQ(test, request_irq(irq, dummy_handler, "plic-test", &token), 0);
	free_irq(irq, &token);
	KUNIT_EXPECT_EQ(test, irq_count(NR_IRQS, 0), 0);
	KUNIT_EXPECT_EQ(test, irq_count(irq, -1), 0);
	KUNIT_EXPECT_EQ(test, irq_count(irq, NR_CPUS), 0);
}

static unsigned long virtio_irq_total(void)
{
	unsigned long n = 0;

	for (unsigned int irq = 1; irq < NR_IRQS; irq++) {
		const char *name = irq_name(irq);

		if (name && !strncmp(name, "virtio", 6))
			for (int cpu = 0; cpu < NR_CPUS; cpu++)
				n += irq_count(irq, cpu);
	}
	return n;
}

/*
 * A disk read finishes with the device's interrupt: the PLIC must route
 * it to a hart (on NUMA machines the second socket's PLIC does), and the
 * handler end the bio, or blkdev_rw would never return.
 */
static void plic_routes_a_device_interrupt(struct kunit *test)
{
	struct block_device *disk = find_scratch_disk();
	unsigned long before;
	char *buf;

	if (!disk)
		kunit_skip(test, "no scratch disk (run_ktests.py attaches one)");
	buf = kmalloc(SECTOR_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	before = virtio_irq_total();
	KUNIT_EXPECT_EQ(test, blkdev_rw(disk, REQ_OP_READ, 5 * SECTOR_SIZE, buf, SECTOR_SIZE), 0);
	KUNIT_EXPECT_EQ(test, (u8)buf[9], scratch_byte(5, 9));
	KUNIT_EXPECT_GT(test, virtio_irq_total(), before);
	kfree(buf);
}

static struct kunit_case plic_cases[] = {
	KUNIT_CASE(plic_every_cpu_has_one_s_context),
	KUNIT_CASE(plic_one_per_socket),
	KUNIT_CASE(plic_request_irq_checks_arguments),
	KUNIT_CASE(plic_routes_a_device_interrupt),
	{}
};

static struct kunit_suite plic_suite = {
	.name = "plic",
	.test_cases = plic_cases,
};
kunit_test_suite(plic_suite);
