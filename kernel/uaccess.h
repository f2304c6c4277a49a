/*
 * Access to user memory from the kernel (Linux: arch/riscv/include/asm/
 * uaccess.h, arch/riscv/lib/uaccess.S). Every access to a user pointer
 * goes through these: they check that the range lies below TASK_SIZE,
 * set sstatus.SUM only for the copy, and a fault inside the copy is fixed
 * up through the exception table (extable.h) into a short count, so a bad
 * pointer gives -EFAULT and never a panic.
 */
#ifndef _KERNEL_UACCESS_H
#define _KERNEL_UACCESS_H

#include "types.h"
#include "mm/page.h"
#include "riscv.h"

#define __user	/* marks a user-space pointer (Linux's sparse annotation) */

static inline bool access_ok(const void __user *addr, unsigned long size)
{
	unsigned long a = (unsigned long)addr;

	return size <= TASK_SIZE && a <= TASK_SIZE - size;
}

/*
 * A window in which several copies share one setting of SUM (Linux:
 * user_access_begin/user_access_end): the range is checked once, and
 * copy_to_user and copy_from_user inside leave SUM alone. Only copies
 * may run inside: no locks, nothing that sleeps (a fault in a copy is
 * fine: the trap saves and restores sstatus).
 */
static inline bool user_access_begin(const void __user *ptr, unsigned long len)
{
	if (!access_ok(ptr, len))
		return false;
	csr_set(sstatus, SR_SUM);
	return true;
}

static inline void user_access_end(void)
{
	csr_clear(sstatus, SR_SUM);
}

/* Return the number of bytes NOT copied: 0 on success. */
unsigned long copy_from_user(void *to, const void __user *from, unsigned long n);
unsigned long copy_to_user(void __user *to, const void *from, unsigned long n);
unsigned long clear_user(void __user *to, unsigned long n);
/*
 * Copy a NUL-terminated string of at most count bytes including the NUL.
 * Returns its length (without the NUL), -EFAULT on a bad address, or
 * count if no NUL was found in count bytes (dst then is not terminated).
 */
long strncpy_from_user(char *dst, const char __user *src, long count);

/*
 * Within pagefault_disable()/pagefault_enable(), a fault on a user
 * address is not resolved (it might sleep, or need a lock the caller
 * holds): the copy just comes up short (Linux: include/linux/uaccess.h).
 */
void pagefault_disable(void);
void pagefault_enable(void);

/* Single values: 0 or -EFAULT. */
int get_user_u64(u64 *val, const u64 __user *ptr);
int put_user_u64(u64 val, u64 __user *ptr);
int get_user_u32(u32 *val, const u32 __user *ptr);
int put_user_u32(u32 val, u32 __user *ptr);
#define get_user(x, ptr) ({ \
	u64 __gu_val = 0; int __gu_err; \
	_Static_assert(sizeof(*(ptr)) == 4 || sizeof(*(ptr)) == 8, "get_user size"); \
	if (sizeof(*(ptr)) == 8) __gu_err = get_user_u64(&__gu_val, (const u64 __user *)(ptr)); \
	else { u32 __v32 = 0; __gu_err = get_user_u32(&__v32, (const u32 __user *)(ptr)); __gu_val = __v32; } \
	(x) = (typeof(x))(typeof(*(ptr)))__gu_val; __gu_err; })
#define put_user(x, ptr) ({ \
	_Static_assert(sizeof(*(ptr)) == 4 || sizeof(*(ptr)) == 8, "put_user size"); \
	sizeof(*(ptr)) == 8 ? put_user_u64((u64)(x), (u64 __user *)(ptr)) \
			    : put_user_u32((u32)(x), (u32 __user *)(ptr)); })

#endif
