/* Stopping the machine on corrupted kernel state (Linux: kernel/panic.c). */
#ifndef _KERNEL_PANIC_H
#define _KERNEL_PANIC_H

#include "types.h"

void panic(const char *fmt, ...) __printf(1, 2) __noreturn;
void dump_stack(void);
void dump_backtrace(unsigned long fp, unsigned long pc);
/* The callers' return addresses, innermost first (Linux: stack_trace_save). */
unsigned int stack_trace_save(unsigned long *store, unsigned int max);
/* Power off; status 0 via SBI SRST, nonzero through the virt test device. */
void machine_power_off(int status) __noreturn;
extern bool oops_in_progress;

#define BUG() panic("kernel BUG at %s:%d!", __FILE__, __LINE__)
#define BUG_ON(c) do { if (unlikely(c)) BUG(); } while (0)
#define WARN_ON(c) ({						\
	bool __c = !!(c);						\
	if (unlikely(__c))						\
		warn_slowpath(__FILE__, __LINE__, #c);			\
	unlikely(__c);							\
})
#define WARN_ON_ONCE(c) ({						\
	static bool __w;						\
	bool __c = !!(c);						\
	if (unlikely(__c) && !__w) {					\
		__w = true;						\
		warn_slowpath(__FILE__, __LINE__, #c);			\
	}								\
	unlikely(__c);							\
})
void warn_slowpath(const char *file, int line, const char *cond);

#endif
