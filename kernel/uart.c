/*
 * The console UART, an NS16550A (Linux: drivers/tty/serial/8250/).
 * Output only, polled; input and interrupts arrive with the shell.
 */
#include "uart.h"
#include "printk.h"
#include "mm/fixmap.h"

#define UART_THR 0	/* transmit holding register */
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_LSR 5
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
