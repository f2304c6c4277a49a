/*
 * Tests of the user-access functions: a copy into a mapped user page
 * works, and every kind of bad pointer (unmapped, kernel, NULL, a range
 * running past the top of user space) is refused without a panic.
 */
#include "kunit/test.h"
#include "uaccess.h"
#include "sched.h"
#include "errno.h"
#include "string.h"
#include "memlayout.h"
#include "mm/user.h"
#include "mm/mmu_context.h"

#define UADDR 0x400000UL

/* Run the case with a one-page user mapping at UADDR. */
static int uaccess_init(struct kunit *test)
{
	struct mm_struct *mm = mm_alloc();
	struct vm_area_struct *vma;

	if (!mm)
		return -ENOMEM;
	vma = vm_area_alloc(mm);
	if (!vma) {
		mmput(mm);
		return -ENOMEM;
	}
	vma->vm_start = UADDR;
	vma->vm_end = UADDR + 2 * PAGE_SIZE;
	vma->vm_flags = VM_READ | VM_WRITE;
	if (insert_vm_struct(mm, vma) || populate_vma_page_range(vma, UADDR, UADDR + 2 * PAGE_SIZE)) {
		mmput(mm);
		return -ENOMEM;
	}
	switch_mm(NULL, mm);
	test->priv = mm;
	return 0;
}

static void uaccess_exit(struct kunit *test)
{
	switch_to_kernel_mm();
	mmput(test->priv);
}

static void uaccess_copy_round_trip(struct kunit *test)
{
	char in[100], out[100];

	for (unsigned i = 0; i < sizeof(in); i++)
		in[i] = i * 7;
	/* Straddle the page boundary, at an odd alignment. */
	KUNIT_EXPECT_EQ(test, copy_to_user((void *)(UADDR + PAGE_SIZE - 33), in, sizeof(in)), 0UL);
	memset(out, 0, sizeof(out));
	KUNIT_EXPECT_EQ(test, copy_from_user(out, (void *)(UADDR + PAGE_SIZE - 33), sizeof(out)), 0UL);
	KUNIT_EXPECT_EQ(test, memcmp(in, out, sizeof(in)), 0);
}

static void uaccess_unmapped_address_faults(struct kunit *test)
{
	char buf[64] = { 0 };

	/* The page after the mapping: the copy stops exactly at the boundary. */
	KUNIT_EXPECT_EQ(test, copy_to_user((void *)(UADDR + 2 * PAGE_SIZE - 16), buf, 64), 48UL);
	KUNIT_EXPECT_EQ(test, copy_from_user(buf, (void *)0, 8), 8UL);
	KUNIT_EXPECT_EQ(test, clear_user((void *)0x1000, 8), 8UL);
}

static void uaccess_kernel_address_refused(struct kunit *test)
{
	char buf[16] = "secret";

	KUNIT_EXPECT_EQ(test, copy_from_user(buf, (void *)KERNBASE, 8), 8UL);
	KUNIT_EXPECT_EQ(test, copy_to_user((void *)TRAMPOLINE, buf, 8), 8UL);
	KUNIT_EXPECT_EQ(test, copy_to_user((void *)~0UL, buf, 1), 1UL);
	/* A range that starts in user space and runs past its top. */
	KUNIT_EXPECT_EQ(test, copy_to_user((void *)(TASK_SIZE - 8), buf, 16), 16UL);
	KUNIT_EXPECT_EQ(test, copy_from_user(buf, (void *)UADDR, ~0UL), ~0UL);
}

static void uaccess_strncpy_from_user(struct kunit *test)
{
	char buf[32];

	KUNIT_ASSERT_EQ(test, copy_to_user((void *)UADDR, "hello", 6), 0UL);
	KUNIT_EXPECT_EQ(test, strncpy_from_user(buf, (void *)UADDR, sizeof(buf)), 5L);
	KUNIT_EXPECT_EQ(test, strcmp(buf, "hello"), 0);
	KUNIT_EXPECT_EQ(test, strncpy_from_user(buf, (void *)UADDR, 3), 3L);	/* too long */
	KUNIT_EXPECT_EQ(test, strncpy_from_user(buf, (void *)0, 8), (long)-EFAULT);
	KUNIT_EXPECT_EQ(test, strncpy_from_user(buf, (void *)KERNBASE, 8), (long)-EFAULT);
	/* A string that runs into the unmapped page without a NUL. */
	memset(buf, 'x', sizeof(buf));
	KUNIT_ASSERT_EQ(test, copy_to_user((void *)(UADDR + 2 * PAGE_SIZE - 4), buf, 4), 0UL);
	KUNIT_EXPECT_EQ(test, strncpy_from_user(buf, (void *)(UADDR + 2 * PAGE_SIZE - 4), 32),
			(long)-EFAULT);
}

static void uaccess_get_put_user(struct kunit *test)
{
	u64 v = 0;
	int i = 0;

	KUNIT_EXPECT_EQ(test, put_user(0x1122334455667788UL, (u64 *)UADDR), 0);
	KUNIT_EXPECT_EQ(test, get_user(v, (u64 *)UADDR), 0);
	KUNIT_EXPECT_EQ(test, v, 0x1122334455667788UL);
	KUNIT_EXPECT_EQ(test, put_user(-5, (int *)(UADDR + 8)), 0);
	KUNIT_EXPECT_EQ(test, get_user(i, (int *)(UADDR + 8)), 0);
	KUNIT_EXPECT_EQ(test, i, -5);
	KUNIT_EXPECT_EQ(test, get_user(v, (u64 *)0x10), -EFAULT);
	KUNIT_EXPECT_EQ(test, put_user(1, (int *)KERNBASE), -EFAULT);
}

static struct kunit_case uaccess_cases[] = {
	KUNIT_CASE(uaccess_copy_round_trip),
	KUNIT_CASE(uaccess_unmapped_address_faults),
	KUNIT_CASE(uaccess_kernel_address_refused),
	KUNIT_CASE(uaccess_strncpy_from_user),
	KUNIT_CASE(uaccess_get_put_user),
	{}
};

static struct kunit_suite uaccess_suite = {
	.name = "uaccess",
	.init = uaccess_init,
	.exit = uaccess_exit,
	.test_cases = uaccess_cases,
};
kunit_test_suite(uaccess_suite);
