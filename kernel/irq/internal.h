/*
 * Interrupt descriptors, chips and domains, shared by the generic
 * interrupt code (kernel/irq/irqdesc.c) and interrupt controller drivers
 * (Linux: include/linux/irq.h, irqdesc.h, irqdomain.h).
 *
 * Three numbers name an interrupt. A device's line enters a controller
 * as a hardware number (hwirq: the PLIC's source id, from the device
 * tree). A domain, one per controller, maps hwirqs to Linux irq numbers
 * (irq), which is what request_irq() and /proc/interrupts use. A
 * descriptor (struct irq_desc) per irq holds its handler and counts.
 */
#ifndef _KERNEL_IRQ_INTERNAL_H
#define _KERNEL_IRQ_INTERNAL_H

#include "irq.h"
#include "smp.h"
#include "spinlock.h"

struct irq_desc;

/* What a controller driver does for one of its lines. */
struct irq_chip {
	const char *name;			/* "SiFive PLIC" in /proc/interrupts */
	void (*irq_unmask)(struct irq_desc *desc);	/* let the line interrupt */
	void (*irq_mask)(struct irq_desc *desc);	/* stop it */
};

/* A controller's hwirq -> irq map (Linux: struct irq_domain, linear revmap). */
struct irq_domain {
	const char *name;
	u32 phandle;			/* the controller's DT node, named by interrupt-parent */
	const struct irq_chip *chip;
	void *host_data;		/* the driver's, e.g. its struct plic_priv */
	unsigned int hwirq_max;		/* hwirqs are below this */
	unsigned short *revmap;		/* hwirq -> irq, 0 if not mapped */
};

/*
 * One irq (Linux: struct irq_desc + irqaction). `lock` is held while the
 * handler runs, so free_irq() returns only once no hart is inside it.
 * Pagoda has one handler per line (Linux chains IRQF_SHARED actions).
 */
struct irq_desc {
	unsigned int irq;
	u32 hwirq;
	struct irq_domain *domain;	/* NULL: this irq number is free */
	spinlock_t lock;
	irq_handler_t handler;
	void *dev_id;
	const char *name;
	bool warned;			/* reported an unhandled interrupt once */
	unsigned long kstat_irqs[NR_CPUS];	/* per-CPU counts (Linux: kstat_irqs) */
};

#define MAX_IRQ_DOMAINS 4

/* Registers a controller's domain; -ENOMEM, -ENOSPC. */
int irq_domain_add(struct irq_domain *domain);
/* The irq for `hwirq`, made on first use; 0 if none could be made. */
unsigned int irq_create_mapping(struct irq_domain *domain, u32 hwirq);
unsigned int irq_find_mapping(struct irq_domain *domain, u32 hwirq);
struct irq_desc *irq_to_desc(unsigned int irq);
/* A controller driver's entry: run the handler of (domain, hwirq). */
void generic_handle_domain_irq(struct irq_domain *domain, u32 hwirq);

#endif
