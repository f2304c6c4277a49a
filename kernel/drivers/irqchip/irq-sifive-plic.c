/*
 * PLIC driver (Linux: drivers/irqchip/irq-sifive-plic.c).
 * Placeholder until the driver lands: external interrupts stay disabled
 * (sie.SEIE is never set), so this is only reached by mistake.
 */
#include "irq.h"
#include "printk.h"

void plic_handle_irq(void)
{
	pr_warn("plic: external interrupt before the PLIC driver exists\n");
}
