/*
 * Tests of address-space IDs and TLB shootdown (kernel/mm/context.c,
 * tlbflush.c): the hart's ASID bits are found, each mm gets its own
 * ASID and switching between them flushes nothing, a rollover starts a
 * new generation without breaking live mms, and a flush of an mm reaches
 * exactly the harts it ran on.
 *
 * Each case builds small user mms with one page at UADDR holding a
 * known value, and reads it with get_user() after switch_mm(). QEMU
 * (TCG) drops its whole TLB on every satp write (and whenever
 * sstatus.SUM changes), so stale entries can only be seen on a hart
 * that stays on one mm with SUM left on; the remote-flush case is built
 * that way.
 */
#include "kunit/test.h"
#include "mm/mmu_context.h"
#include "mm/tlbflush.h"
#include "mm/pagewalk.h"
#include "mm/user.h"
#include "mm/vmstat.h"
#include "mm/gfp.h"
#include "mm/mm.h"
#include "uaccess.h"
#include "printk.h"
#include "smp.h"
#include "bitops.h"

#define UADDR 0x400000UL

/* An mm with one page at UADDR holding `value`, or NULL. */
static struct mm_struct *make_mm(unsigned long value)
{
	struct mm_struct *mm = mm_alloc();
	struct vm_area_struct *vma;

	if (!mm)
		return NULL;
	vma = vm_area_alloc(mm);
	if (!vma) {
		mmput(mm);
		return NULL;
	}
	vma->vm_start = UADDR;
	vma->vm_end = UADDR + PAGE_SIZE;
	vma->vm_flags = VM_READ | VM_WRITE;
	if (insert_vm_struct(mm, vma)) {
		vm_area_free(vma);
		mmput(mm);
		return NULL;
	}
	if (populate_vma_page_range(vma, UADDR, UADDR + PAGE_SIZE) ||
	    access_remote_vm(mm, UADDR, &value, sizeof(value), true) != sizeof(value)) {
		mmput(mm);
		return NULL;
	}
	return mm;
}

/* What the running mm has at UADDR; ~0 if it faults. */
static unsigned long read_uaddr(void)
{
	unsigned long v;

	return get_user(v, (unsigned long *)UADDR) ? ~0UL : v;
}

static unsigned long mm_asid(struct mm_struct *mm)
{
	return cntx2asid(atomic_long_read(&mm->context.id));
}

static unsigned long this_cpu_events(enum vm_event_item item)
{
	return READ_ONCE(vm_event_states[smp_processor_id()][item]);
}

/* Another online hart than this one, or -1. */
static int other_cpu(void)
{
	unsigned long others = cpu_online_mask() & ~(1UL << smp_processor_id());

	return others ? (int)__ffs(others) : -1;
}

static void asid_bits_found_at_boot(struct kunit *test)
{
	kunit_info(test, "ASID bits: %lu, allocator %s", asid_bits,
		   use_asid_allocator ? "on" : "off (every switch flushes)");
	if (!asid_bits)
		kunit_skip(test, "this hart has no ASID bits");
	KUNIT_EXPECT_LE(test, asid_bits, 16);
	KUNIT_EXPECT_EQ(test, asid_mask, (1UL << asid_bits) - 1);
	KUNIT_EXPECT_EQ(test, use_asid_allocator, (1UL << asid_bits) > 2UL * nr_cpu_ids);
}

/* satp carries the mm's ASID, which is never swapper's 0; swapper runs as ASID 0. */
static void switch_mm_loads_the_asid_into_satp(struct kunit *test)
{
	struct mm_struct *mm;
	unsigned long satp, v;

	if (!use_asid_allocator)
		kunit_skip(test, "no ASID allocator");
	mm = make_mm(0x1234);
	KUNIT_ASSERT_NOT_NULL(test, mm);
	switch_mm(NULL, mm);
	satp = csr_read(satp);
	v = read_uaddr();
	switch_to_kernel_mm();
	KUNIT_EXPECT_EQ(test, v, 0x1234UL);
	KUNIT_EXPECT_NE(test, mm_asid(mm), 0UL);
	KUNIT_EXPECT_EQ(test, (satp >> SATP_ASID_SHIFT) & SATP_ASID_MASK, mm_asid(mm));
	KUNIT_EXPECT_EQ(test, satp & ((1UL << 44) - 1), PHYS_PFN(__pa(mm->pgd)));
	KUNIT_EXPECT_TRUE(test, mm_cpumask(mm) & (1UL << smp_processor_id()));
	KUNIT_EXPECT_EQ(test, (csr_read(satp) >> SATP_ASID_SHIFT) & SATP_ASID_MASK, 0UL);
	mmput(mm);
}

/* Two mms, two ASIDs; back and forth, each sees its own page and nothing is flushed. */
static void switching_between_mms_does_not_flush(struct kunit *test)
{
	struct mm_struct *a, *b;
	unsigned long flushes, gen;
	bool right = true;

	if (!use_asid_allocator)
		kunit_skip(test, "no ASID allocator");
	a = make_mm(0xaaaa);
	b = make_mm(0xbbbb);
	if (!a || !b) {
		if (a)
			mmput(a);
		if (b)
			mmput(b);
		KUNIT_ASSERT_TRUE(test, false);
	}
	/* The first switches hand out the ASIDs (and take any flush a rollover left us). */
	switch_mm(NULL, a);
	switch_mm(a, b);
	flushes = this_cpu_events(NR_TLB_LOCAL_FLUSH_ALL);
	gen = asid_generation();
	for (int i = 0; i < 10; i++) {
		switch_mm(b, a);
		right &= read_uaddr() == 0xaaaa;
		switch_mm(a, b);
		right &= read_uaddr() == 0xbbbb;
	}
	switch_to_kernel_mm();
	KUNIT_EXPECT_NE(test, mm_asid(a), mm_asid(b));
	KUNIT_EXPECT_NE(test, mm_asid(a), 0UL);
	KUNIT_EXPECT_NE(test, mm_asid(b), 0UL);
	KUNIT_EXPECT_TRUE(test, right);
	KUNIT_EXPECT_EQ(test, asid_generation(), gen);
	KUNIT_EXPECT_EQ(test, this_cpu_events(NR_TLB_LOCAL_FLUSH_ALL), flushes);
	mmput(a);
	mmput(b);
}

static unsigned long flushes_seen[NR_CPUS];

/* Switch to mm and away on this hart, noting its local full flushes. */
static void switch_in_and_out(void *mm)
{
	unsigned long before = this_cpu_events(NR_TLB_LOCAL_FLUSH_ALL), flags;

	local_irq_save(flags);
	switch_mm(NULL, mm);
	switch_to_kernel_mm();
	local_irq_restore(flags);
	flushes_seen[smp_processor_id()] = this_cpu_events(NR_TLB_LOCAL_FLUSH_ALL) - before;
}

/*
 * Use up every ASID, then switch to a new mm: the generation moves on,
 * this hart flushes, the other harts flush before their next switch, and
 * every live mm still reads its own page with an ASID of the new
 * generation, all different.
 */
static void rollover_starts_a_generation_and_keeps_mappings(struct kunit *test)
{
	struct mm_struct *mm[3];
	unsigned long gen, flushes, values[3] = { 0x1111, 0x2222, 0x3333 };
	int cpu = other_cpu();

	if (!use_asid_allocator)
		kunit_skip(test, "no ASID allocator");
	for (int i = 0; i < 3; i++) {
		mm[i] = make_mm(values[i]);
		if (!mm[i]) {
			while (i--)
				mmput(mm[i]);
			KUNIT_ASSERT_TRUE(test, false);
		}
	}
	switch_mm(NULL, mm[0]);
	switch_mm(mm[0], mm[1]);
	gen = asid_generation();
	flushes = this_cpu_events(NR_TLB_LOCAL_FLUSH_ALL);
	asid_exhaust_for_test();
	switch_mm(mm[1], mm[2]);		/* no ASID left: rollover */
	KUNIT_EXPECT_GT(test, asid_generation(), gen);
	KUNIT_EXPECT_EQ(test, this_cpu_events(NR_TLB_LOCAL_FLUSH_ALL), flushes + 1);
	KUNIT_EXPECT_EQ(test, read_uaddr(), values[2]);
	switch_mm(mm[2], mm[0]);
	KUNIT_EXPECT_EQ(test, read_uaddr(), values[0]);
	switch_mm(mm[0], mm[1]);
	KUNIT_EXPECT_EQ(test, read_uaddr(), values[1]);
	switch_to_kernel_mm();
	for (int i = 0; i < 3; i++) {
		unsigned long id = atomic_long_read(&mm[i]->context.id);

		KUNIT_EXPECT_EQ(test, cntx2version(id), asid_generation());
		KUNIT_EXPECT_NE(test, cntx2asid(id), 0UL);
		for (int j = 0; j < i; j++)
			KUNIT_EXPECT_NE(test, cntx2asid(id), mm_asid(mm[j]));
	}
	/* Only the first switch after the rollover flushes. */
	KUNIT_EXPECT_EQ(test, this_cpu_events(NR_TLB_LOCAL_FLUSH_ALL), flushes + 1);
	if (cpu >= 0) {
		flushes_seen[cpu] = 0;
		on_each_cpu_mask(1UL << cpu, switch_in_and_out, mm[0]);
		KUNIT_EXPECT_EQ(test, flushes_seen[cpu], 1UL);
	}
	for (int i = 0; i < 3; i++)
		mmput(mm[i]);
}

/*
 * The remote-flush case: a reader hart stays on the mm (so QEMU keeps
 * its TLB entry) while this hart repoints the PTE under it.
 */
struct stale_probe {
	struct mm_struct *mm;
	struct vm_area_struct *vma;
	pte_t *pte;
	int reader, writer;
	int stage;		/* 0 → reader read; 1 → PTE moved, no flush; … */
	bool timed_out;
	unsigned long seen[3];
	unsigned long pfn[2];	/* what the writer points the PTE at, in turn */
};

static void wait_stage(struct stale_probe *p, int stage)
{
	unsigned long t = get_cycles();

	while (__atomic_load_n(&p->stage, __ATOMIC_ACQUIRE) < stage) {
		if (get_cycles() - t > 2 * riscv_timebase) {
			p->timed_out = true;
			return;
		}
		cpu_relax();
	}
}

static void set_stage(struct stale_probe *p, int stage)
{
	__atomic_store_n(&p->stage, stage, __ATOMIC_RELEASE);
}

/*
 * Plain loads with SUM held on throughout, not get_user(): QEMU drops
 * its TLB whenever SUM changes, as it does on a satp write. The page is
 * mapped at every stage, so these loads cannot fault.
 */
static unsigned long peek_uaddr(void)
{
	return READ_ONCE(*(unsigned long *)UADDR);
}

static void stale_probe_reader(struct stale_probe *p)
{
	unsigned long flags;

	local_irq_save(flags);		/* nothing may switch satp under us */
	csr_set(sstatus, SR_SUM);
	switch_mm(NULL, p->mm);
	p->seen[0] = peek_uaddr();
	set_stage(p, 1);
	wait_stage(p, 2);
	p->seen[1] = peek_uaddr();	/* the PTE moved, nobody flushed: stale on QEMU */
	set_stage(p, 3);
	wait_stage(p, 4);
	p->seen[2] = peek_uaddr();	/* moved again and flushed: must be new */
	switch_to_kernel_mm();
	csr_clear(sstatus, SR_SUM);
	local_irq_restore(flags);
}

static void stale_probe_writer(struct stale_probe *p)
{
	pte_t old = *p->pte;

	wait_stage(p, 1);
	WRITE_ONCE(*p->pte, pfn_pte(p->pfn[0], pte_pgprot(old)));
	set_stage(p, 2);
	wait_stage(p, 3);
	WRITE_ONCE(*p->pte, pfn_pte(p->pfn[1], pte_pgprot(old)));
	flush_tlb_range(p->vma, UADDR, UADDR + PAGE_SIZE);
	set_stage(p, 4);
}

static void stale_probe_run(void *info)
{
	struct stale_probe *p = info;

	if (smp_processor_id() == p->reader)
		stale_probe_reader(p);
	else if (smp_processor_id() == p->writer)
		stale_probe_writer(p);
}

static void flush_tlb_range_reaches_the_harts_the_mm_ran_on(struct kunit *test)
{
	struct stale_probe p = { .writer = smp_processor_id(), .reader = other_cpu() };
	struct page *page[2];
	unsigned long received = sum_vm_event(NR_TLB_REMOTE_FLUSH_RECEIVED), orig;
	int level;

	if (p.reader < 0)
		kunit_skip(test, "needs a second hart");
	p.mm = make_mm(0x01d);
	KUNIT_ASSERT_NOT_NULL(test, p.mm);
	p.vma = find_vma(p.mm, UADDR);
	p.pte = lookup_address(p.mm->pgd, UADDR, &level);
	page[0] = alloc_page(GFP_KERNEL);
	page[1] = alloc_page(GFP_KERNEL);
	if (!p.pte || !page[0] || !page[1]) {
		if (page[0])
			__free_page(page[0]);
		if (page[1])
			__free_page(page[1]);
		mmput(p.mm);
		KUNIT_ASSERT_TRUE(test, false);
	}
	orig = *p.pte;
	*(unsigned long *)page_address(page[0]) = 0x2ee;
	*(unsigned long *)page_address(page[1]) = 0x3e3;
	p.pfn[0] = page_to_pfn(page[0]);
	p.pfn[1] = page_to_pfn(page[1]);

	on_each_cpu_mask((1UL << p.reader) | (1UL << p.writer), stale_probe_run, &p);

	KUNIT_EXPECT_FALSE(test, p.timed_out);
	KUNIT_EXPECT_EQ(test, p.seen[0], 0x01dUL);
	if (p.seen[1] == 0x01d)
		kunit_info(test, "without a flush CPU%d still read the old page, as expected", p.reader);
	else
		kunit_info(test, "CPU%d refetched the PTE unasked (%#lx): the check below proves less",
			   p.reader, p.seen[1]);
	KUNIT_EXPECT_EQ(test, p.seen[2], 0x3e3UL);
	KUNIT_EXPECT_GT(test, sum_vm_event(NR_TLB_REMOTE_FLUSH_RECEIVED), received);
	KUNIT_EXPECT_TRUE(test, mm_cpumask(p.mm) & (1UL << p.reader));

	WRITE_ONCE(*p.pte, orig);
	flush_tlb_range(p.vma, UADDR, UADDR + PAGE_SIZE);
	__free_page(page[0]);
	__free_page(page[1]);
	mmput(p.mm);
}

/*
 * An mm that ran only here is flushed only here; past the threshold as
 * one whole-ASID flush, below it page by page.
 */
static void flush_tlb_range_is_local_and_whole_past_the_threshold(struct kunit *test)
{
	struct mm_struct *mm;
	struct vm_area_struct *vma;
	unsigned long all, one, remote;

	if (!use_asid_allocator)
		kunit_skip(test, "no ASID allocator (switches clear mm_cpumask)");
	mm = make_mm(1);
	KUNIT_ASSERT_NOT_NULL(test, mm);
	vma = find_vma(mm, UADDR);
	switch_mm(NULL, mm);
	switch_to_kernel_mm();
	KUNIT_EXPECT_EQ(test, mm_cpumask(mm), 1UL << smp_processor_id());
	all = this_cpu_events(NR_TLB_LOCAL_FLUSH_ALL);
	one = this_cpu_events(NR_TLB_LOCAL_FLUSH_ONE);
	remote = this_cpu_events(NR_TLB_REMOTE_FLUSH);

	flush_tlb_range(vma, UADDR, UADDR + 2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, this_cpu_events(NR_TLB_LOCAL_FLUSH_ONE), one + 2);
	KUNIT_EXPECT_EQ(test, this_cpu_events(NR_TLB_LOCAL_FLUSH_ALL), all);
	flush_tlb_range(vma, UADDR, UADDR + 65 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, this_cpu_events(NR_TLB_LOCAL_FLUSH_ONE), one + 2);
	KUNIT_EXPECT_EQ(test, this_cpu_events(NR_TLB_LOCAL_FLUSH_ALL), all + 1);
	flush_tlb_mm(mm);
	KUNIT_EXPECT_EQ(test, this_cpu_events(NR_TLB_LOCAL_FLUSH_ALL), all + 2);
	KUNIT_EXPECT_EQ(test, this_cpu_events(NR_TLB_REMOTE_FLUSH), remote);
	mmput(mm);
}

static void switch_in_and_out_quietly(void *mm)
{
	unsigned long flags;

	local_irq_save(flags);
	switch_mm(NULL, mm);
	switch_to_kernel_mm();
	local_irq_restore(flags);
}

/*
 * Unmapping (zap_page_range) while the mm is switched out on another
 * hart does not interrupt that hart: it is marked stale, and flushes the
 * mm's ASID itself when it next switches to it. Tearing the whole mm down
 * (its last mmput) flushes nothing at all.
 */
static void zap_page_range_defers_the_flush_of_other_harts(struct kunit *test)
{
	struct mm_struct *mm;
	unsigned long remote, their_flushes;
	int cpu = other_cpu();

	if (cpu < 0)
		kunit_skip(test, "needs a second hart");
	if (!use_asid_allocator)
		kunit_skip(test, "no ASID allocator (switches clear mm_cpumask)");
	mm = make_mm(2);
	KUNIT_ASSERT_NOT_NULL(test, mm);
	on_each_cpu_mask(1UL << cpu, switch_in_and_out_quietly, mm);
	KUNIT_EXPECT_TRUE(test, mm_cpumask(mm) & (1UL << cpu));
	remote = this_cpu_events(NR_TLB_REMOTE_FLUSH);
	zap_page_range(find_vma(mm, UADDR), UADDR, UADDR + PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, this_cpu_events(NR_TLB_REMOTE_FLUSH), remote);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(mm->context.stale_mask) & (1UL << cpu));
	/* Its next switch to the mm flushes the ASID there and clears the mark. */
	their_flushes = READ_ONCE(vm_event_states[cpu][NR_TLB_LOCAL_FLUSH_ALL]);
	on_each_cpu_mask(1UL << cpu, switch_in_and_out_quietly, mm);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(mm->context.stale_mask) & (1UL << cpu));
	KUNIT_EXPECT_GT(test, READ_ONCE(vm_event_states[cpu][NR_TLB_LOCAL_FLUSH_ALL]), their_flushes);
	remote = this_cpu_events(NR_TLB_REMOTE_FLUSH);
	mmput(mm);
	KUNIT_EXPECT_EQ(test, this_cpu_events(NR_TLB_REMOTE_FLUSH), remote);
}

static struct kunit_case asid_cases[] = {
	KUNIT_CASE(asid_bits_found_at_boot),
	KUNIT_CASE(switch_mm_loads_the_asid_into_satp),
	KUNIT_CASE(switching_between_mms_does_not_flush),
	KUNIT_CASE(rollover_starts_a_generation_and_keeps_mappings),
	KUNIT_CASE(flush_tlb_range_reaches_the_harts_the_mm_ran_on),
	KUNIT_CASE(flush_tlb_range_is_local_and_whole_past_the_threshold),
	KUNIT_CASE(zap_page_range_defers_the_flush_of_other_harts),
	{}
};

static struct kunit_suite asid_suite = {
	.name = "asid",
	.test_cases = asid_cases,
};
kunit_test_suite(asid_suite);
