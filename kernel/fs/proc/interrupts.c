/*
 * /proc/interrupts (Linux: kernel/irq/proc.c, show_interrupts): a row
 * per interrupt that has a handler, with the count each CPU took and
 * the name the driver gave request_irq().
 */
#include "fs/proc/internal.h"
#include "irq.h"
#include "smp.h"
#include "init.h"
#include "errno.h"

#define IRQ_PREC 3	/* digits of NR_IRQS - 1: the width of the number column */

static int show_interrupts(struct seq_file *m, void *v)
{
	(void)v;
	seq_printf(m, "%*s", IRQ_PREC + 8, "");
	for (int cpu = 0; cpu < nr_cpu_ids; cpu++)
		seq_printf(m, "CPU%-8d", cpu);
	seq_putc(m, '\n');
	for (unsigned int irq = 1; irq < NR_IRQS; irq++) {
		const char *name = irq_name(irq);

		if (!name)
			continue;
		seq_printf(m, "%*u: ", IRQ_PREC, irq);
		for (int cpu = 0; cpu < nr_cpu_ids; cpu++)
			seq_printf(m, "%10lu ", irq_count(irq, cpu));
		/* Linux also prints the controller, its hwirq and the trigger type here. */
		seq_printf(m, " %s\n", name);
	}
	return 0;
}

static int proc_interrupts_init(void)
{
	return proc_create_single("interrupts", 0444, NULL, show_interrupts) ? 0 : -ENOMEM;
}
fs_initcall(proc_interrupts_init);
