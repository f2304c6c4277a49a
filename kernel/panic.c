/*
 * panic(), warnings, backtraces and power-off (Linux: kernel/panic.c,
 * arch/riscv/kernel/stacktrace.c, arch/riscv/kernel/reset.c).
 *
 * The kernel is built with frame pointers: s0 points just above the
 * frame, with the return address at s0-8 and the caller's s0 at s0-16.
 */
#include "panic.h"
#include "printk.h"
#include "sbi.h"
#include "smp.h"
#include "riscv.h"
#include "mm/page.h"

bool oops_in_progress;
extern char init_stack[];

/*
 * A frame pointer we may follow: 16-byte aligned and on the stack we run
 * on, above sp and less than a stack size away (Linux: on_stack()), so a
 * corrupt s0 ends the trace instead of faulting inside it.
 */
static bool fp_ok(unsigned long fp)
{
	unsigned long sp = (unsigned long)__builtin_frame_address(0);

	return (fp & 15) == 0 && fp >= sp && fp - sp <= THREAD_SIZE;
}

/* Return addresses up the frame-pointer chain from `fp`, at most `max`. */
static unsigned int stack_trace_save_fp(unsigned long fp, unsigned long *store, unsigned int max)
{
	unsigned int n = 0;

	while (n < max && fp_ok(fp)) {
		unsigned long ra = ((unsigned long *)fp)[-1];
		unsigned long next = ((unsigned long *)fp)[-2];

		if (!ra)
			break;
		store[n++] = ra;
		if (next <= fp)
			break;
		fp = next;
	}
	return n;
}

unsigned int stack_trace_save(unsigned long *store, unsigned int max)
{
	return stack_trace_save_fp(read_fp(), store, max);
}

void dump_backtrace(unsigned long fp, unsigned long pc)
{
	unsigned long trace[32];
	unsigned int n = stack_trace_save_fp(fp, trace, ARRAY_SIZE(trace));

	pr_raw("Call Trace:\n");
	if (pc)
		pr_raw("[<%016lx>] %pS\n", pc, (void *)pc);
	for (unsigned int i = 0; i < n; i++)
		pr_raw("[<%016lx>] %pS\n", trace[i], (void *)trace[i]);
}

void dump_stack(void)
{
	dump_backtrace(read_fp(), 0);
}

static void (*test_device_exit)(int status);
static volatile u32 *test_device;	/* QEMU's sifive,test, mapped in the fixmap */

/* 0x5555 = pass; 0x3333 with the status in the upper half = fail with it. */
static void sifive_test_exit(int status)
{
	*test_device = status ? (0x3333 | ((u32)status << 16)) : 0x5555;
}

void set_test_device_mapping(unsigned long va)
{
	test_device = (volatile u32 *)va;
	test_device_exit = sifive_test_exit;
}

void machine_power_off(int status)
{
	if (status && test_device_exit)
		test_device_exit(status);	/* QEMU exits with `status` */
	sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN,
			 status ? SBI_SRST_REASON_FAILURE : SBI_SRST_REASON_NONE);
	if (test_device_exit)
		test_device_exit(status);
	for (;;)
		wait_for_interrupt();
}

void panic(const char *fmt, ...)
{
	__builtin_va_list ap;
	char buf[256];

	local_irq_disable();
	oops_in_progress = true;
	printk_bust_locks();
	__builtin_va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	__builtin_va_end(ap);
	pr_emerg("Kernel panic - not syncing: %s\n", buf);
	pr_emerg("CPU: %d hart %lu\n", smp_processor_id(), this_cpu()->hartid);
	dump_stack();
	pr_emerg("---[ end Kernel panic - not syncing: %s ]---\n", buf);
	machine_power_off(3);
}

void warn_slowpath(const char *file, int line, const char *cond)
{
	pr_warn("WARNING: CPU: %d at %s:%d: %s\n", smp_processor_id(), file, line, cond);
	dump_stack();
}
