/*
 * Bringing up the other harts and running work on them (Linux:
 * arch/riscv/kernel/smpboot.c, cpu_ops_sbi.c, kernel/smp.c).
 *
 * The boot hart is CPU 0. smp_init() asks the firmware (SBI HSM) to
 * start each other hart at secondary_start_sbi with its logical CPU
 * number; the hart switches to swapper_pg_dir and waits in its idle loop.
 * on_each_cpu() hands a function to the idle loops and wakes them with
 * an IPI; the function runs with interrupts enabled, not in the IPI
 * handler, so it may take as long as it likes.
 */
#include "smp.h"
#include "sched.h"
#include "sched/internal.h"
#include "sbi.h"
#include "riscv.h"
#include "printk.h"
#include "panic.h"
#include "timer.h"
#include "spinlock.h"
#include "devicetree.h"
#include "mm/pgtable.h"
#include "mm/gfp.h"
#include "mm/mm.h"

struct cpu_info cpu_info[NR_CPUS];
int nr_cpu_ids = 1;
unsigned long cpuid_to_hartid_map[NR_CPUS];
unsigned long __cpu_up_stack_pointer[NR_CPUS];
unsigned long __cpu_up_task_pointer[NR_CPUS];
static DEFINE_SPINLOCK(call_lock);

extern char secondary_start_sbi[];

void smp_setup_processor_id(unsigned long boot_hartid)
{
	cpu_info[0].cpu = 0;
	cpu_info[0].hartid = boot_hartid;
	cpu_info[0].online = true;
	cpuid_to_hartid_map[0] = boot_hartid;
}

/*
 * Give the CPUs from the device tree logical numbers: the boot hart is
 * 0, the others follow in tree order. boot_dt's per-CPU arrays are
 * reordered to match, so boot_dt.cpu_nid[cpu] is by logical number.
 */
void smp_setup_cpus(void)
{
	unsigned long boot = cpu_info[0].hartid;
	int found = -1;

	for (int i = 0; i < boot_dt.nr_cpus; i++)
		if (boot_dt.cpu_hartid[i] == boot)
			found = i;
	if (found < 0) {
		pr_warn("smp: boot hart %lu not in the device tree\n", boot);
		boot_dt.nr_cpus = 1;
		boot_dt.cpu_hartid[0] = boot;
		boot_dt.cpu_nid[0] = 0;
		found = 0;
	}
	for (int i = found; i > 0; i--) {
		unsigned long h = boot_dt.cpu_hartid[i];
		int n = boot_dt.cpu_nid[i];

		boot_dt.cpu_hartid[i] = boot_dt.cpu_hartid[i - 1];
		boot_dt.cpu_nid[i] = boot_dt.cpu_nid[i - 1];
		boot_dt.cpu_hartid[i - 1] = h;
		boot_dt.cpu_nid[i - 1] = n;
	}
	nr_cpu_ids = 1;
	for (int i = 1; i < boot_dt.nr_cpus; i++) {
		/* Our SBI hart masks use base 0: one bit per hart id. */
		if (boot_dt.cpu_hartid[i] >= BITS_PER_LONG) {
			pr_warn("smp: hart %lu: id too large, not started\n", boot_dt.cpu_hartid[i]);
			continue;
		}
		boot_dt.cpu_hartid[nr_cpu_ids] = boot_dt.cpu_hartid[i];
		boot_dt.cpu_nid[nr_cpu_ids++] = boot_dt.cpu_nid[i];
	}
	for (int cpu = 0; cpu < nr_cpu_ids; cpu++)
		cpuid_to_hartid_map[cpu] = boot_dt.cpu_hartid[cpu];
}

int num_online_cpus(void)
{
	int n = 0;

	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		n += READ_ONCE(cpu_info[cpu].online);
	return n;
}

unsigned long cpu_online_mask(void)
{
	unsigned long mask = 0;

	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		if (READ_ONCE(cpu_info[cpu].online))
			mask |= 1UL << cpu;
	return mask;
}

unsigned long cpumask_to_hartmask(unsigned long mask)
{
	unsigned long harts = 0;

	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		if (mask & (1UL << cpu))
			harts |= 1UL << cpuid_to_hartid_map[cpu];
	return harts;
}

/* Is a cross-CPU call waiting for this hart? */
bool smp_call_pending(void)
{
	return __atomic_load_n(&this_cpu()->call_func, __ATOMIC_ACQUIRE) != NULL;
}

/*
 * Run a call handed to this hart by on_each_cpu_mask(). Harts run it at
 * safe points only (the idle loop, the way back to user mode), never in
 * the IPI handler itself: the call may take locks the interrupted code
 * holds (Linux runs such work from a per-CPU kernel thread or workqueue).
 */
void smp_run_pending_call(void)
{
	struct cpu_info *me = this_cpu();
	void (*func)(void *) = __atomic_load_n(&me->call_func, __ATOMIC_ACQUIRE);

	if (!func)
		return;
	func(me->call_info);
	__atomic_store_n(&me->call_func, NULL, __ATOMIC_RELEASE);
	atomic_set(&me->call_done, 1);
}

void smp_callin(int cpu)
{
	struct cpu_info *me = &cpu_info[cpu];

	csr_write(satp, SATP_MODE_SV48 | PHYS_PFN(__pa(swapper_pg_dir)));
	local_flush_tlb_all();
	me->curr = me->idle;
	csr_set(sie, SIE_SSIE);
	timer_start_this_cpu();
	__atomic_store_n(&me->online, true, __ATOMIC_RELEASE);
	local_irq_enable();	/* the idle loop keeps whatever state it is entered with */
	cpu_idle_loop();
}

static bool __cpu_up(int cpu)
{
	struct page *stack = alloc_pages(GFP_KERNEL, 2);	/* 16 KiB */
	int err;

	if (!stack) {
		pr_err("CPU%d: no memory for a stack\n", cpu);
		return false;
	}
	cpu_info[cpu].cpu = cpu;
	cpu_info[cpu].hartid = cpuid_to_hartid_map[cpu];
	cpu_info[cpu].idle = init_idle(cpu, page_address(stack));
	if (!cpu_info[cpu].idle) {
		__free_pages(stack, 2);
		return false;
	}
	__cpu_up_stack_pointer[cpu] = (unsigned long)page_address(stack) + THREAD_SIZE;
	__cpu_up_task_pointer[cpu] = (unsigned long)&cpu_info[cpu];
	mb();
	err = sbi_hart_start(cpu_info[cpu].hartid, kernel_map.phys_addr +
			     ((unsigned long)secondary_start_sbi - kernel_map.virt_addr), cpu);
	if (err) {
		pr_err("CPU%d: hart %lu failed to start: %d\n", cpu, cpu_info[cpu].hartid, err);
		__free_pages(stack, 2);
		return false;
	}
	for (unsigned long t = get_cycles(); get_cycles() - t < riscv_timebase;)
		if (__atomic_load_n(&cpu_info[cpu].online, __ATOMIC_ACQUIRE))
			return true;
	pr_err("CPU%d: hart %lu did not come online\n", cpu, cpu_info[cpu].hartid);
	return false;
}

void smp_init(void)
{
	for (int cpu = 1; cpu < nr_cpu_ids; cpu++)
		__cpu_up(cpu);
	pr_info("smp: Brought up %d node%s, %d CPU%s\n", nr_online_nodes,
		nr_online_nodes > 1 ? "s" : "", num_online_cpus(), num_online_cpus() > 1 ? "s" : "");
}

void handle_ipi(void)
{
	/*
	 * Nothing to do here: the IPI wakes an idle hart from wfi, and a
	 * hart running a user task reaches exit_to_user_mode(), where a
	 * pending call runs.
	 */
}

void on_each_cpu_mask(unsigned long mask, void (*func)(void *), void *info)
{
	int self = smp_processor_id();
	unsigned long others = mask & cpu_online_mask() & ~(1UL << self);

	/* With interrupts on: we wait for others, and serve a racing caller meanwhile. */
	while (!spin_trylock(&call_lock))
		smp_run_pending_call();
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		if (!(others & (1UL << cpu)))
			continue;
		atomic_set(&cpu_info[cpu].call_done, 0);
		cpu_info[cpu].call_info = info;
		__atomic_store_n(&cpu_info[cpu].call_func, func, __ATOMIC_RELEASE);
	}
	if (others)
		sbi_send_ipi(cpumask_to_hartmask(others), 0);
	if (mask & (1UL << self))
		func(info);
	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		while ((others & (1UL << cpu)) && !atomic_read(&cpu_info[cpu].call_done))
			cpu_relax();
	spin_unlock(&call_lock);
}

void on_each_cpu(void (*func)(void *), void *info)
{
	on_each_cpu_mask(cpu_online_mask(), func, info);
}

_Static_assert(offsetof(struct cpu_info, locks_held) == 4, "spinlock.h: __spin_held");
_Static_assert(offsetof(struct cpu_info, kernel_sp) == 8, "entry.S: CPU_KERNEL_SP");
_Static_assert(offsetof(struct cpu_info, user_sp) == 16, "entry.S: CPU_USER_SP");
_Static_assert(offsetof(struct cpu_info, scratch) == 32, "entry.S: CPU_SCRATCH");
_Static_assert(offsetof(struct cpu_info, overflow_sp) == 40, "entry.S: CPU_OVERFLOW_SP");
