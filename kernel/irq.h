/*
 * Device interrupts (Linux: include/linux/interrupt.h,
 * drivers/irqchip/irq-sifive-plic.c). The PLIC routes each device's
 * interrupt line to the harts' supervisor external interrupt; a driver
 * registers a handler for its line with request_irq().
 */
#ifndef _KERNEL_IRQ_H
#define _KERNEL_IRQ_H

#include "types.h"

typedef enum { IRQ_NONE = 0, IRQ_HANDLED = 1 } irqreturn_t;
typedef irqreturn_t (*irq_handler_t)(int irq, void *dev_id);

#define NR_IRQS 128

int request_irq(unsigned int irq, irq_handler_t handler, const char *name, void *dev_id);
void free_irq(unsigned int irq, void *dev_id);

/* Called by start_kernel once, and by each hart as it comes up. */
void plic_init(void);
void plic_init_hart(void);
/* Called by the trap handler for a supervisor external interrupt. */
void plic_handle_irq(void);

/* Per-IRQ counts for /proc/interrupts. */
unsigned long irq_count(unsigned int irq, int cpu);
const char *irq_name(unsigned int irq);

#endif
