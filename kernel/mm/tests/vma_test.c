/*
 * Tests of VMAs (kernel/mm/mmap.c, mprotect.c): mmap finds room below
 * mmap_base, neighbours with equal flags merge, mprotect and munmap of
 * part of a VMA split it and restoring the flags merges it back, and
 * find_vma (a red-black tree walk) agrees with the sorted list over
 * hundreds of VMAs.
 *
 * mprotect is reached through sys_mprotect, which works on current->mm:
 * the case lends its mm to this kernel thread for the call, as Linux's
 * kthread_use_mm does.
 */
#include "kunit/test.h"
#include "mm/user.h"
#include "mm/mm.h"
#include "mm/mman.h"
#include "mm/mmu_context.h"
#include "sched.h"
#include "syscalls.h"
#include "memlayout.h"
#include "errno.h"

#define UADDR 0x400000UL
#define RW (PROT_READ | PROT_WRITE)
#define ANON_FIXED (MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED)

static int vma_init(struct kunit *test)
{
	test->priv = mm_alloc();
	return test->priv ? 0 : -ENOMEM;
}

static void vma_exit(struct kunit *test)
{
	mmput(test->priv);
}

static long map(struct mm_struct *mm, unsigned long addr, unsigned long pages, unsigned long prot,
		unsigned long flags)
{
	long ret;

	mmap_write_lock(mm);
	ret = do_mmap(mm, NULL, addr, pages * PAGE_SIZE, prot, flags, 0);
	mmap_write_unlock(mm);
	return ret;
}

static int unmap(struct mm_struct *mm, unsigned long addr, unsigned long pages)
{
	int ret;

	mmap_write_lock(mm);
	ret = do_munmap(mm, addr, pages * PAGE_SIZE);
	mmap_write_unlock(mm);
	return ret;
}

/* sys_mprotect on mm, from this kernel thread (Linux: kthread_use_mm). */
static long mprotect_in(struct mm_struct *mm, unsigned long addr, unsigned long pages,
			unsigned long prot)
{
	struct task_struct *p = current;
	struct mm_struct *old = p->mm, *old_active = p->active_mm;
	unsigned long flags;
	long ret;

	spin_lock_irqsave(&tasklist_lock, flags);
	p->mm = p->active_mm = mm;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	ret = sys_mprotect(addr, pages * PAGE_SIZE, prot);
	spin_lock_irqsave(&tasklist_lock, flags);
	p->mm = old;
	p->active_mm = old_active;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	switch_to_kernel_mm();		/* in case the scheduler switched to mm meanwhile */
	return ret;
}

/* A stack VMA at the top of user space, as exec makes one. */
static int add_stack(struct mm_struct *mm)
{
	struct vm_area_struct *vma = vm_area_alloc(mm);
	int err;

	if (!vma)
		return -ENOMEM;
	vma->vm_start = USER_STACK_TOP - USER_STACK_SIZE;
	vma->vm_end = USER_STACK_TOP;
	vma->vm_pgoff = vma->vm_start >> PAGE_SHIFT;
	vma->vm_flags = VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_GROWSDOWN;
	mmap_write_lock(mm);
	err = insert_vm_struct(mm, vma);
	mmap_write_unlock(mm);
	if (err)
		vm_area_free(vma);
	return err;
}

/* [addr, addr+len) overlaps no VMA but the one that starts at addr. */
static bool only_vma_there(struct mm_struct *mm, unsigned long addr, unsigned long len)
{
	struct vm_area_struct *vma;

	for_each_vma(mm, vma)
		if (vma->vm_start < addr + len && vma->vm_end > addr &&
		    (vma->vm_start != addr || vma->vm_end != addr + len))
			return false;
	return true;
}

/* mmap(NULL, ...) with a program and a stack mapped: room is found below mmap_base. */
static void mmap_without_address_finds_room(struct kunit *test)
{
	struct mm_struct *mm = test->priv;
	long a, b;

	KUNIT_ASSERT_EQ(test, map(mm, USER_TEXT_START, 4, PROT_READ, ANON_FIXED), (long)USER_TEXT_START);
	KUNIT_ASSERT_EQ(test, add_stack(mm), 0);
	a = map(mm, 0, 3, RW, MAP_PRIVATE | MAP_ANONYMOUS);
	KUNIT_ASSERT_GT(test, a, 0L);
	KUNIT_EXPECT_EQ(test, a & ~PAGE_MASK, 0L);
	KUNIT_EXPECT_GE(test, a, (long)(USER_TEXT_START + 4 * PAGE_SIZE));
	KUNIT_EXPECT_LE(test, a + 3 * PAGE_SIZE, mm->mmap_base);
	KUNIT_EXPECT_TRUE(test, only_vma_there(mm, a, 3 * PAGE_SIZE));
	/* Top down: the next one goes below it, and does not overlap it. */
	b = map(mm, 0, 5, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS);
	KUNIT_ASSERT_GT(test, b, 0L);
	KUNIT_EXPECT_LE(test, b + 5 * PAGE_SIZE, a);
	KUNIT_EXPECT_TRUE(test, only_vma_there(mm, b, 5 * PAGE_SIZE));
	/* A free hint is taken as it is. */
	KUNIT_EXPECT_EQ(test, map(mm, UADDR, 2, RW, MAP_PRIVATE | MAP_ANONYMOUS), (long)UADDR);
	/* A hint that is taken is not: the mapping goes elsewhere (flags unlike its neighbours'). */
	a = map(mm, UADDR, 2, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS);
	KUNIT_ASSERT_GT(test, a, 0L);
	KUNIT_EXPECT_NE(test, a, (long)UADDR);
	KUNIT_EXPECT_TRUE(test, only_vma_there(mm, a, 2 * PAGE_SIZE));
}

/* Only the stack: room is found between it (and its guard gap) and the bottom. */
static void mmap_without_address_into_empty_space(struct kunit *test)
{
	struct mm_struct *mm = test->priv;
	long a;

	KUNIT_ASSERT_EQ(test, add_stack(mm), 0);
	a = map(mm, 0, 1, RW, MAP_PRIVATE | MAP_ANONYMOUS);
	KUNIT_ASSERT_GT(test, a, 0L);
	KUNIT_EXPECT_LE(test, a + PAGE_SIZE, mm->mmap_base);
	KUNIT_EXPECT_GE(test, a, (long)USER_TEXT_START);
}

static void adjacent_anonymous_mappings_merge(struct kunit *test)
{
	struct mm_struct *mm = test->priv;
	struct vm_area_struct *vma;

	KUNIT_ASSERT_EQ(test, map(mm, UADDR, 2, RW, ANON_FIXED), (long)UADDR);
	KUNIT_ASSERT_EQ(test, map(mm, UADDR + 2 * PAGE_SIZE, 3, RW, ANON_FIXED),
			(long)(UADDR + 2 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, mm->map_count, 1);
	vma = find_vma(mm, UADDR);
	KUNIT_ASSERT_NOT_NULL(test, vma);
	KUNIT_EXPECT_EQ(test, vma->vm_start, UADDR);
	KUNIT_EXPECT_EQ(test, vma->vm_end, UADDR + 5 * PAGE_SIZE);
	/* Below it too, filling a hole between two: all three become one. */
	KUNIT_ASSERT_EQ(test, map(mm, UADDR + 6 * PAGE_SIZE, 1, RW, ANON_FIXED),
			(long)(UADDR + 6 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, mm->map_count, 2);
	KUNIT_ASSERT_EQ(test, map(mm, UADDR + 5 * PAGE_SIZE, 1, RW, ANON_FIXED),
			(long)(UADDR + 5 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, mm->map_count, 1);
	KUNIT_EXPECT_EQ(test, find_vma(mm, UADDR)->vm_end, UADDR + 7 * PAGE_SIZE);
	/* Other flags do not merge. */
	KUNIT_ASSERT_EQ(test, map(mm, UADDR + 7 * PAGE_SIZE, 1, PROT_READ, ANON_FIXED),
			(long)(UADDR + 7 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, mm->map_count, 2);
	KUNIT_EXPECT_EQ(test, mm->total_vm, 8UL);
}

/* mprotect of the middle of a VMA: three VMAs; restoring the flags: one again. */
static void mprotect_splits_and_restoring_merges(struct kunit *test)
{
	struct mm_struct *mm = test->priv;
	struct vm_area_struct *lo, *mid, *hi;
	char c = 1;

	KUNIT_ASSERT_EQ(test, map(mm, UADDR, 6, RW, ANON_FIXED), (long)UADDR);
	/* With pages in it, so the VMA has an anon_vma that the parts share. */
	for (int i = 0; i < 6; i++)
		KUNIT_ASSERT_EQ(test, access_remote_vm(mm, UADDR + i * PAGE_SIZE, &c, 1, true), 1);
	KUNIT_ASSERT_EQ(test, mprotect_in(mm, UADDR + 2 * PAGE_SIZE, 2, PROT_READ), 0L);
	KUNIT_EXPECT_EQ(test, mm->map_count, 3);
	lo = find_vma(mm, UADDR);
	mid = find_vma(mm, UADDR + 2 * PAGE_SIZE);
	hi = find_vma(mm, UADDR + 4 * PAGE_SIZE);
	KUNIT_ASSERT_TRUE(test, lo && mid && hi && lo != mid && mid != hi);
	KUNIT_EXPECT_EQ(test, lo->vm_end, UADDR + 2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, mid->vm_start, UADDR + 2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, mid->vm_end, UADDR + 4 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, hi->vm_start, UADDR + 4 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, hi->vm_end, UADDR + 6 * PAGE_SIZE);
	KUNIT_EXPECT_FALSE(test, mid->vm_flags & VM_WRITE);
	KUNIT_EXPECT_TRUE(test, lo->vm_flags & hi->vm_flags & VM_WRITE);
	KUNIT_EXPECT_EQ(test, hi->vm_pgoff, (UADDR + 4 * PAGE_SIZE) >> PAGE_SHIFT);
	KUNIT_EXPECT_EQ(test, mm->total_vm, 6UL);
	/* The middle refuses a write now; the others take one. */
	KUNIT_EXPECT_EQ(test, access_remote_vm(mm, UADDR + 3 * PAGE_SIZE, &c, 1, true), 0);
	KUNIT_EXPECT_EQ(test, access_remote_vm(mm, UADDR + 5 * PAGE_SIZE, &c, 1, true), 1);

	KUNIT_ASSERT_EQ(test, mprotect_in(mm, UADDR + 2 * PAGE_SIZE, 2, RW), 0L);
	KUNIT_EXPECT_EQ(test, mm->map_count, 1);
	lo = find_vma(mm, UADDR);
	KUNIT_ASSERT_NOT_NULL(test, lo);
	KUNIT_EXPECT_EQ(test, lo->vm_start, UADDR);
	KUNIT_EXPECT_EQ(test, lo->vm_end, UADDR + 6 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, mm->total_vm, 6UL);
	KUNIT_EXPECT_EQ(test, access_remote_vm(mm, UADDR + 3 * PAGE_SIZE, &c, 1, true), 1);

	/* The whole VMA at once, and an edge: splits of one side only. */
	KUNIT_ASSERT_EQ(test, mprotect_in(mm, UADDR, 1, PROT_READ), 0L);
	KUNIT_EXPECT_EQ(test, mm->map_count, 2);
	KUNIT_ASSERT_EQ(test, mprotect_in(mm, UADDR, 6, PROT_READ), 0L);
	KUNIT_EXPECT_EQ(test, mm->map_count, 1);
	KUNIT_ASSERT_EQ(test, mprotect_in(mm, UADDR, 6, RW), 0L);
	KUNIT_EXPECT_EQ(test, mm->map_count, 1);
	/* A range with a hole, or past the end: ENOMEM. */
	KUNIT_EXPECT_EQ(test, mprotect_in(mm, UADDR, 7, PROT_READ), (long)-ENOMEM);
}

/* munmap of the middle: two VMAs, the upper one with its own pgoff. */
static void munmap_middle_splits(struct kunit *test)
{
	struct mm_struct *mm = test->priv;
	struct vm_area_struct *lo, *hi;

	KUNIT_ASSERT_EQ(test, map(mm, UADDR, 6, RW, ANON_FIXED), (long)UADDR);
	KUNIT_ASSERT_EQ(test, unmap(mm, UADDR + 2 * PAGE_SIZE, 2), 0);
	KUNIT_EXPECT_EQ(test, mm->map_count, 2);
	KUNIT_EXPECT_EQ(test, mm->total_vm, 4UL);
	lo = find_vma(mm, UADDR);
	hi = find_vma(mm, UADDR + 2 * PAGE_SIZE);
	KUNIT_ASSERT_TRUE(test, lo && hi && lo != hi);
	KUNIT_EXPECT_EQ(test, lo->vm_end, UADDR + 2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, hi->vm_start, UADDR + 4 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, hi->vm_pgoff, (UADDR + 4 * PAGE_SIZE) >> PAGE_SHIFT);
	KUNIT_EXPECT_NULL(test, vma_lookup(mm, UADDR + 3 * PAGE_SIZE));
	/* Mapping the hole again joins all three. */
	KUNIT_ASSERT_EQ(test, map(mm, UADDR + 2 * PAGE_SIZE, 2, RW, ANON_FIXED),
			(long)(UADDR + 2 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, mm->map_count, 1);
	/* A range over everything removes it all. */
	KUNIT_ASSERT_EQ(test, unmap(mm, UADDR - PAGE_SIZE, 8), 0);
	KUNIT_EXPECT_EQ(test, mm->map_count, 0);
	KUNIT_EXPECT_EQ(test, mm->total_vm, 0UL);
	KUNIT_EXPECT_NULL(test, find_vma(mm, 0));
}

#define MANY 300

/* What find_vma must return: the first VMA on the list that ends above addr. */
static struct vm_area_struct *find_vma_slowly(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	for_each_vma(mm, vma)
		if (addr < vma->vm_end)
			return vma;
	return NULL;
}

/* Every page (and half page) of the range: find_vma agrees with the list. */
static int find_vma_disagreements(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	int bad = 0;

	for (unsigned long a = start; a < end; a += PAGE_SIZE / 2)
		bad += find_vma(mm, a) != find_vma_slowly(mm, a);
	return bad;
}

static void find_vma_on_many_vmas(struct kunit *test)
{
	struct mm_struct *mm = test->priv;
	unsigned long end = UADDR + MANY * 3 * PAGE_SIZE;
	struct vm_area_struct *vma, *prev = NULL;
	struct rb_node *node;
	int in_order = 0;

	/* One or two pages every three, so no two touch and none merge. */
	for (int i = 0; i < MANY; i++)
		KUNIT_ASSERT_EQ(test, map(mm, UADDR + i * 3 * PAGE_SIZE, 1 + i % 2, RW, ANON_FIXED),
				(long)(UADDR + i * 3 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, mm->map_count, MANY);
	KUNIT_EXPECT_EQ(test, find_vma_disagreements(mm, 0, end + 2 * PAGE_SIZE), 0);
	KUNIT_EXPECT_NULL(test, find_vma(mm, end));
	KUNIT_EXPECT_NULL(test, vma_lookup(mm, UADDR + 2 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, vma_lookup(mm, UADDR + 4 * PAGE_SIZE + 5)->vm_start,
			UADDR + 3 * PAGE_SIZE);
	/* Remove every third, and every other of what is left from the top down. */
	for (int i = 0; i < MANY; i += 3)
		KUNIT_ASSERT_EQ(test, unmap(mm, UADDR + i * 3 * PAGE_SIZE, 2), 0);
	for (int i = MANY - 1; i >= 0; i -= 4)
		KUNIT_ASSERT_EQ(test, unmap(mm, UADDR + i * 3 * PAGE_SIZE, 2), 0);
	KUNIT_EXPECT_EQ(test, find_vma_disagreements(mm, 0, end + 2 * PAGE_SIZE), 0);
	/* The tree's in-order walk is the list. */
	vma = list_first_entry_or_null(&mm->mmap, struct vm_area_struct, vm_list);
	for (node = rb_first(&mm->mm_rb); node; node = rb_next(node)) {
		struct vm_area_struct *v = rb_entry(node, struct vm_area_struct, vm_rb);

		if (v == vma && (!prev || prev->vm_end <= v->vm_start))
			in_order++;
		prev = v;
		vma = vma ? vma_next(vma) : NULL;
	}
	KUNIT_EXPECT_EQ(test, in_order, mm->map_count);
}

static struct kunit_case vma_cases[] = {
	KUNIT_CASE(mmap_without_address_finds_room),
	KUNIT_CASE(mmap_without_address_into_empty_space),
	KUNIT_CASE(adjacent_anonymous_mappings_merge),
	KUNIT_CASE(mprotect_splits_and_restoring_merges),
	KUNIT_CASE(munmap_middle_splits),
	KUNIT_CASE(find_vma_on_many_vmas),
	{}
};

static struct kunit_suite vma_suite = {
	.name = "vm_vma",
	.init = vma_init,
	.exit = vma_exit,
	.test_cases = vma_cases,
};
kunit_test_suite(vma_suite);
