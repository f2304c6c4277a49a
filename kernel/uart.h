/* The NS16550A console UART (Linux: drivers/tty/serial/8250). */
#ifndef _KERNEL_UART_H
#define _KERNEL_UART_H

#include "types.h"

void uart_init(phys_addr_t base, unsigned int reg_shift);

#endif
