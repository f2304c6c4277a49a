/*
 * Kernel messages (after Linux's include/linux/printk.h). Each message
 * has a level; only those below `console_loglevel` (set by loglevel=, as
 * in Linux) reach the console. Lines are stamped with seconds since the machine
 * started, read from the `time` CSR.
 */
#ifndef _KERNEL_PRINTK_H
#define _KERNEL_PRINTK_H

#include "types.h"

#define LOGLEVEL_EMERG   0
#define LOGLEVEL_ALERT   1
#define LOGLEVEL_CRIT    2
#define LOGLEVEL_ERR     3
#define LOGLEVEL_WARNING 4
#define LOGLEVEL_NOTICE  5
#define LOGLEVEL_INFO    6
#define LOGLEVEL_DEBUG   7
#define LOGLEVEL_RAW     8	/* no level, no timestamp: KTAP and tables */

extern int console_loglevel;

int printk_level(int level, const char *fmt, ...) __printf(2, 3);
int vprintk_level(int level, const char *fmt, __builtin_va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int vsnprintf(char *buf, size_t size, const char *fmt, __builtin_va_list ap);

#define pr_emerg(...)  printk_level(LOGLEVEL_EMERG, __VA_ARGS__)
#define pr_alert(...)  printk_level(LOGLEVEL_ALERT, __VA_ARGS__)
#define pr_crit(...)   printk_level(LOGLEVEL_CRIT, __VA_ARGS__)
#define pr_err(...)    printk_level(LOGLEVEL_ERR, __VA_ARGS__)
#define pr_warn(...)   printk_level(LOGLEVEL_WARNING, __VA_ARGS__)
#define pr_notice(...) printk_level(LOGLEVEL_NOTICE, __VA_ARGS__)
#define pr_info(...)   printk_level(LOGLEVEL_INFO, __VA_ARGS__)
#define pr_debug(...)  printk_level(LOGLEVEL_DEBUG, __VA_ARGS__)
/* Always printed, without timestamp: for KTAP output and tables. */
#define pr_raw(...)    printk_level(LOGLEVEL_RAW, __VA_ARGS__)
#define printk(...)    printk_level(LOGLEVEL_INFO, __VA_ARGS__)

/* Console back ends: SBI's putchar early, the UART once it is mapped. */
void console_set_putc(void (*putc)(int c));
void console_putc(int c);
/* After a panic, printing must not wait for a lock another hart holds. */
void printk_bust_locks(void);
/* Seconds and microseconds since the machine started, for timestamps. */
void time_since_boot(unsigned long *sec, unsigned long *usec);
extern unsigned long riscv_timebase;

#endif
