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

/*
 * The irq number of a device's line, from its device-tree node's
 * "interrupts" and "interrupt-parent" (Linux: irq_of_parse_and_map(node, 0)).
 * 0 if the device has none or its controller has no driver.
 */
struct dt_device;
unsigned int irq_of_parse_and_map(const struct dt_device *dev);

/* Per-IRQ counts for /proc/interrupts. */
unsigned long irq_count(unsigned int irq, int cpu);
const char *irq_name(unsigned int irq);

#endif
