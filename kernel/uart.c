/*
 * The console UART, an NS16550A (Linux: drivers/tty/serial/8250/).
 * Output is polled, so printk works anywhere, even in a panic; input
 * comes by interrupt and goes to the console's line discipline.
 * (Linux's 8250 driver also sends by interrupt from a transmit buffer.)
 */
#include "uart.h"
#include "printk.h"
#include "irq.h"
#include "init.h"
#include "devicetree.h"
#include "drivers/tty/tty.h"
#include "errno.h"
#include "mm/fixmap.h"

#define UART_RBR 0	/* receive buffer (read) */
#define UART_THR 0	/* transmit holding register (write) */
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_LSR 5
#define UART_IER_RDI 0x01	/* interrupt when received data is ready */
#define UART_LSR_DR 0x01	/* a received character is waiting */
#define UART_LSR_THRE 0x20

static volatile u8 *uart_base;
static unsigned int uart_shift;

static void uart_write(int reg, u8 v)
{
	uart_base[reg << uart_shift] = v;
}

static u8 uart_read(int reg)
{
	return uart_base[reg << uart_shift];
}

static void uart_putc(int c)
{
	while (!(uart_read(UART_LSR) & UART_LSR_THRE))
		;
	uart_write(UART_THR, c);
}

void uart_init(phys_addr_t base, unsigned int reg_shift)
{
	if (!base)
		return;		/* stay on the SBI console */
	uart_base = set_fixmap_io(FIX_EARLYCON_MEM_BASE, base);
	uart_shift = reg_shift;
	uart_write(UART_IER, 0);
	uart_write(UART_LCR, 0x03);	/* 8 bits, no parity, 1 stop bit */
	uart_write(UART_FCR, 0x07);	/* enable and clear the FIFOs */
	console_set_putc(uart_putc);
	pr_info("printk: console [ttyS0] enabled: ns16550a at MMIO %#lx\n", base);
}

/* Linux: serial8250_interrupt(). Drains the receive FIFO into the console. */
static irqreturn_t serial8250_interrupt(int irq, void *dev_id)
{
	irqreturn_t ret = IRQ_NONE;

	while (uart_read(UART_LSR) & UART_LSR_DR) {
		if (!n_tty_room(&console_tty)) {
			/* Leave the rest in the UART (QEMU holds it back) until read() makes room. */
			uart_write(UART_IER, 0);
			console_tty.throttled = true;
			return IRQ_HANDLED;
		}
		n_tty_receive_char(&console_tty, uart_read(UART_RBR));
		ret = IRQ_HANDLED;
	}
	return ret;
}

static void serial8250_unthrottle(struct tty_struct *tty)
{
	uart_write(UART_IER, UART_IER_RDI);	/* waiting input raises the interrupt again */
}

/* Once the PLIC is up (arch_initcall): take the UART's line and enable receive. */
static int serial8250_irq_init(void)
{
	unsigned int irq;
	int err;

	if (!uart_base)
		return 0;	/* the SBI console has no input interrupt */
	irq = irq_of_parse_and_map(&boot_dt.uart);
	err = irq ? request_irq(irq, serial8250_interrupt, "ttyS0", NULL) : -ENODEV;
	if (err) {
		pr_warn("ttyS0: no interrupt (%d): console input disabled\n", err);
		return err;
	}
	console_tty.unthrottle = serial8250_unthrottle;
	uart_write(UART_IER, UART_IER_RDI);
	return 0;
}
device_initcall(serial8250_irq_init);
