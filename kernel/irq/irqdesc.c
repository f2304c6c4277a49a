/*
 * Interrupt numbers, handlers and counts (Linux: kernel/irq/irqdesc.c,
 * manage.c request_irq/free_irq, irqdomain.c, chip.c handle_*_irq).
 *
 * A controller driver registers a domain and, when a line fires, calls
 * generic_handle_domain_irq(); a device driver maps its DT interrupt to
 * an irq with irq_of_parse_and_map() and calls request_irq(). Interrupts
 * come with interrupts disabled on the hart and never nest.
 */
#include "irq/internal.h"
#include "devicetree.h"
#include "errno.h"
#include "printk.h"
#include "mm/slab.h"

static struct irq_desc irq_desc[NR_IRQS];
static struct irq_domain *domains[MAX_IRQ_DOMAINS];
static int nr_domains;
/* Protects the domains and irq number allocation, not the handlers. */
static DEFINE_SPINLOCK(irq_domain_lock);

struct irq_desc *irq_to_desc(unsigned int irq)
{
	if (irq == 0 || irq >= NR_IRQS || !READ_ONCE(irq_desc[irq].domain))
		return NULL;
	return &irq_desc[irq];
}

int irq_domain_add(struct irq_domain *domain)
{
	unsigned long flags;
	unsigned short *revmap = kcalloc(domain->hwirq_max, sizeof(*revmap), GFP_KERNEL);
	int err = 0;

	if (!revmap)
		return -ENOMEM;
	spin_lock_irqsave(&irq_domain_lock, flags);
	if (nr_domains == MAX_IRQ_DOMAINS) {
		err = -ENOSPC;
	} else {
		domain->revmap = revmap;
		domains[nr_domains++] = domain;
	}
	spin_unlock_irqrestore(&irq_domain_lock, flags);
	if (err)
		kfree(revmap);
	return err;
}

/*
 * Linux hands out irq numbers in order; Pagoda gives a line its hwirq
 * number when that is free, so that the UART's interrupt 10 in the DT is
 * irq 10 in /proc/interrupts. Two controllers using the same hwirq (one
 * per NUMA socket) push the second one to the top of the range.
 */
static unsigned int alloc_irq_number(u32 hwirq)
{
	if (hwirq > 0 && hwirq < NR_IRQS && !irq_desc[hwirq].domain)
		return hwirq;
	for (unsigned int irq = NR_IRQS - 1; irq > 0; irq--)
		if (!irq_desc[irq].domain)
			return irq;
	return 0;
}

unsigned int irq_create_mapping(struct irq_domain *domain, u32 hwirq)
{
	unsigned long flags;
	unsigned int irq;

	if (!domain || hwirq == 0 || hwirq >= domain->hwirq_max)
		return 0;
	spin_lock_irqsave(&irq_domain_lock, flags);
	irq = domain->revmap[hwirq];
	if (!irq) {
		irq = alloc_irq_number(hwirq);
		if (irq) {
			struct irq_desc *desc = &irq_desc[irq];

			spin_lock_init(&desc->lock, "irq_desc");
			desc->irq = irq;
			desc->hwirq = hwirq;
			WRITE_ONCE(desc->domain, domain);
			domain->revmap[hwirq] = irq;
		}
	}
	spin_unlock_irqrestore(&irq_domain_lock, flags);
	return irq;
}

unsigned int irq_find_mapping(struct irq_domain *domain, u32 hwirq)
{
	if (!domain || hwirq >= domain->hwirq_max)
		return 0;
	return READ_ONCE(domain->revmap[hwirq]);
}

unsigned int irq_of_parse_and_map(const struct dt_device *dev)
{
	struct irq_domain *domain = NULL;

	if (!dev || !dev->irq)
		return 0;
	for (int i = 0; i < READ_ONCE(nr_domains); i++)
		if (domains[i]->phandle == dev->irq_parent)
			domain = domains[i];
	/* No interrupt-parent and a single controller: it must be that one. */
	if (!domain && !dev->irq_parent && nr_domains == 1)
		domain = domains[0];
	return irq_create_mapping(domain, dev->irq);
}

int request_irq(unsigned int irq, irq_handler_t handler, const char *name, void *dev_id)
{
	struct irq_desc *desc = irq_to_desc(irq);
	unsigned long flags;
	int err = 0;

	if (!desc || !handler)
		return -EINVAL;
	spin_lock_irqsave(&desc->lock, flags);
	if (desc->handler) {
		err = -EBUSY;
	} else {
		desc->handler = handler;
		desc->dev_id = dev_id;
		desc->name = name;
		desc->warned = false;
	}
	spin_unlock_irqrestore(&desc->lock, flags);
	if (!err)
		desc->domain->chip->irq_unmask(desc);
	return err;
}

void free_irq(unsigned int irq, void *dev_id)
{
	struct irq_desc *desc = irq_to_desc(irq);
	unsigned long flags;

	if (!desc)
		return;
	spin_lock_irqsave(&desc->lock, flags);
	if (!desc->handler || desc->dev_id != dev_id) {
		spin_unlock_irqrestore(&desc->lock, flags);
		pr_warn("free_irq: irq %u is not held by %p\n", irq, dev_id);
		return;
	}
	/* Masked under the lock: no hart can be in the handler now. */
	desc->domain->chip->irq_mask(desc);
	desc->handler = NULL;
	desc->dev_id = NULL;
	spin_unlock_irqrestore(&desc->lock, flags);
}

/*
 * Linux: handle_fasteoi_irq(); the chip driver does the EOI (PLIC complete).
 * Linux also counts handlers returning IRQ_NONE to catch stuck lines.
 */
static void handle_irq_desc(struct irq_desc *desc)
{
	desc->kstat_irqs[smp_processor_id()]++;
	spin_lock(&desc->lock);
	if (desc->handler) {
		desc->handler(desc->irq, desc->dev_id);
	} else {
		/* Nobody wants it: mask it, or it fires again at once. */
		desc->domain->chip->irq_mask(desc);
		if (!desc->warned)
			pr_warn("irq %u (hwirq %u): no handler, masked\n", desc->irq, desc->hwirq);
		desc->warned = true;
	}
	spin_unlock(&desc->lock);
}

void generic_handle_domain_irq(struct irq_domain *domain, u32 hwirq)
{
	unsigned int irq = irq_find_mapping(domain, hwirq);

	if (!irq) {
		/* Never mapped, so never unmasked: a controller bug or a stale line. */
		pr_warn("%s: spurious interrupt from unmapped hwirq %u\n", domain->name, hwirq);
		return;
	}
	handle_irq_desc(&irq_desc[irq]);
}

unsigned long irq_count(unsigned int irq, int cpu)
{
	if (irq >= NR_IRQS || cpu < 0 || cpu >= NR_CPUS)
		return 0;
	return READ_ONCE(irq_desc[irq].kstat_irqs[cpu]);
}

const char *irq_name(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);

	return desc && READ_ONCE(desc->handler) ? desc->name : NULL;
}
