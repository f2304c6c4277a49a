/*
 * Tests of the device-tree reader (kernel/fdt.c, kernel/devicetree.c),
 * on a copy of the machine's real blob and on copies corrupted in the
 * ways a broken firmware or a bad pointer would.
 */
#include "kunit/test.h"
#include "devicetree.h"
#include "fdt.h"
#include "string.h"
#include "bitops.h"
#include "errno.h"
#include "mm/gfp.h"

struct fdt_ctx {
	char *blob;
	struct boot_dt *dt;
	unsigned int order;
};

static struct fdt_ctx ctx;

static int copy_blob(struct kunit *test)
{
	ctx.order = get_order(boot_dt.fdt_size + sizeof(struct boot_dt));
	ctx.blob = (char *)__get_free_pages(GFP_KERNEL, ctx.order);
	if (!ctx.blob)
		return -ENOMEM;
	memcpy(ctx.blob, boot_dt.fdt, boot_dt.fdt_size);
	ctx.dt = (struct boot_dt *)ALIGN((unsigned long)ctx.blob + boot_dt.fdt_size, 8);
	return 0;
}

static void free_blob(struct kunit *test)
{
	free_pages((unsigned long)ctx.blob, ctx.order);
}

static struct fdt_header *hdr(void)
{
	return (struct fdt_header *)ctx.blob;
}

static void set32(u32 *p, u32 v)
{
	*p = fdt32_to_cpu(v);	/* the swap is its own inverse */
}

static void fdt_scan_of_a_good_copy_matches_boot(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, early_init_dt_scan(ctx.blob, boot_dt.fdt_size, ctx.dt), 0);
	KUNIT_EXPECT_EQ(test, ctx.dt->nr_mem, boot_dt.nr_mem);
	KUNIT_EXPECT_EQ(test, ctx.dt->mem[0].base, boot_dt.mem[0].base);
	KUNIT_EXPECT_EQ(test, ctx.dt->nr_cpus, boot_dt.nr_cpus);
	KUNIT_EXPECT_EQ(test, ctx.dt->uart.base, 0x10000000);	/* QEMU virt's UART */
	KUNIT_EXPECT_EQ(test, ctx.dt->timebase, 10000000);
	KUNIT_EXPECT_GT(test, ctx.dt->nr_virtio, 0);
	KUNIT_EXPECT_EQ(test, strcmp(ctx.dt->bootargs, boot_dt.bootargs), 0);
	KUNIT_EXPECT_GE(test, ctx.dt->nr_resv, 1);	/* OpenSBI's own region */
}

static void fdt_lookups_find_nodes_and_properties(struct kunit *test)
{
	int cpus = fdt_path_offset(ctx.blob, "/cpus"), len;
	int cpu = fdt_first_subnode(ctx.blob, cpus);
	const char *isa;

	KUNIT_ASSERT_GE(test, cpus, 0);
	KUNIT_ASSERT_GE(test, cpu, 0);
	KUNIT_EXPECT_TRUE(test, fdt_node_name_eq(ctx.blob, cpu, "cpu"));
	isa = fdt_getprop(ctx.blob, cpu, "riscv,isa", &len);
	KUNIT_ASSERT_NOT_NULL(test, isa);
	KUNIT_EXPECT_EQ(test, strncmp(isa, "rv64", 4), 0);
	KUNIT_EXPECT_EQ(test, fdt_parent_offset(ctx.blob, cpu), cpus);
	KUNIT_EXPECT_LT(test, fdt_path_offset(ctx.blob, "/no/such/node"), 0);
	KUNIT_EXPECT_NULL(test, fdt_getprop(ctx.blob, cpu, "no-such-property", &len));
	KUNIT_EXPECT_TRUE(test, fdt_node_is_compatible(ctx.blob, cpu, "riscv"));
}

static void fdt_rejects_bad_magic(struct kunit *test)
{
	set32(&hdr()->magic, 0xdeadbeef);
	KUNIT_EXPECT_EQ(test, early_init_dt_scan(ctx.blob, boot_dt.fdt_size, ctx.dt), -EINVAL);
}

static void fdt_rejects_size_beyond_buffer(struct kunit *test)
{
	set32(&hdr()->totalsize, boot_dt.fdt_size * 4);
	KUNIT_EXPECT_EQ(test, early_init_dt_scan(ctx.blob, boot_dt.fdt_size, ctx.dt), -EINVAL);
}

static void fdt_rejects_struct_block_outside_blob(struct kunit *test)
{
	set32(&hdr()->off_dt_struct, boot_dt.fdt_size - 4);
	KUNIT_EXPECT_EQ(test, early_init_dt_scan(ctx.blob, boot_dt.fdt_size, ctx.dt), -EINVAL);
}

static void fdt_rejects_unknown_token(struct kunit *test)
{
	u32 *tok = (u32 *)(ctx.blob + fdt32_to_cpu(hdr()->off_dt_struct));

	/* The second token (after the root's BEGIN_NODE and empty name) is garbage. */
	set32(&tok[2], 0x77);
	KUNIT_EXPECT_EQ(test, early_init_dt_scan(ctx.blob, boot_dt.fdt_size, ctx.dt), -EINVAL);
}

static void fdt_rejects_property_longer_than_blob(struct kunit *test)
{
	u32 *tok = (u32 *)(ctx.blob + fdt32_to_cpu(hdr()->off_dt_struct));

	KUNIT_ASSERT_EQ(test, fdt32_to_cpu(tok[2]), FDT_PROP);
	set32(&tok[3], 0x7fffffff);		/* the property's length */
	KUNIT_EXPECT_EQ(test, early_init_dt_scan(ctx.blob, boot_dt.fdt_size, ctx.dt), -EINVAL);
}

static void fdt_rejects_truncated_blob(struct kunit *test)
{
	set32(&hdr()->size_dt_struct, 16);	/* ends in the middle of the tree */
	KUNIT_EXPECT_EQ(test, early_init_dt_scan(ctx.blob, boot_dt.fdt_size, ctx.dt), -EINVAL);
}

static void fdt_rejects_reservation_block_outside_blob(struct kunit *test)
{
	set32(&hdr()->off_mem_rsvmap, 0xfffffff8);	/* would wrap a 32-bit sum */
	KUNIT_EXPECT_EQ(test, early_init_dt_scan(ctx.blob, boot_dt.fdt_size, ctx.dt), -EINVAL);
}

static void fdt_ignores_unterminated_string(struct kunit *test)
{
	int chosen = fdt_path_offset(ctx.blob, "/chosen"), len;
	char *args = (char *)fdt_getprop(ctx.blob, chosen, "bootargs", &len);

	KUNIT_ASSERT_NOT_NULL(test, args);
	args[len - 1] = 'x';			/* the NUL is gone */
	KUNIT_EXPECT_EQ(test, early_init_dt_scan(ctx.blob, boot_dt.fdt_size, ctx.dt), 0);
	KUNIT_EXPECT_EQ(test, ctx.dt->bootargs[0], '\0');
	KUNIT_EXPECT_NULL(test, fdt_getprop_string(ctx.blob, chosen, "bootargs"));
}

static void fdt_rejects_null_and_misaligned(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, fdt_check_header(NULL, 4096), -EINVAL);
	KUNIT_EXPECT_EQ(test, fdt_check_header(ctx.blob + 1, 4096), -EINVAL);
}

static struct kunit_case fdt_cases[] = {
	KUNIT_CASE(fdt_scan_of_a_good_copy_matches_boot),
	KUNIT_CASE(fdt_lookups_find_nodes_and_properties),
	KUNIT_CASE(fdt_rejects_bad_magic),
	KUNIT_CASE(fdt_rejects_size_beyond_buffer),
	KUNIT_CASE(fdt_rejects_struct_block_outside_blob),
	KUNIT_CASE(fdt_rejects_unknown_token),
	KUNIT_CASE(fdt_rejects_property_longer_than_blob),
	KUNIT_CASE(fdt_rejects_truncated_blob),
	KUNIT_CASE(fdt_rejects_reservation_block_outside_blob),
	KUNIT_CASE(fdt_ignores_unterminated_string),
	KUNIT_CASE(fdt_rejects_null_and_misaligned),
	{}
};

static struct kunit_suite fdt_suite = {
	.name = "fdt",
	.init = copy_blob,
	.exit = free_blob,
	.test_cases = fdt_cases,
};
kunit_test_suite(fdt_suite);
