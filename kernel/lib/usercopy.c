/*
 * The checked entry points to user memory (Linux:
 * arch/riscv/include/asm/uaccess.h, lib/strncpy_from_user.c). A range
 * that does not lie wholly below TASK_SIZE is refused before any byte is
 * touched; a fault on the way is caught by the exception table.
 */
#include "uaccess.h"
#include "errno.h"

unsigned long __asm_copy_to_user(void __user *to, const void *from, unsigned long n);
unsigned long __asm_copy_from_user(void *to, const void __user *from, unsigned long n);
unsigned long __asm_clear_user(void __user *to, unsigned long n);
long __asm_strncpy_from_user(char *dst, const char __user *src, long count);

unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	if (!access_ok(from, n))
		return n;
	return __asm_copy_from_user(to, from, n);
}

unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	if (!access_ok(to, n))
		return n;
	return __asm_copy_to_user(to, from, n);
}

unsigned long clear_user(void __user *to, unsigned long n)
{
	if (!access_ok(to, n))
		return n;
	return __asm_clear_user(to, n);
}

long strncpy_from_user(char *dst, const char __user *src, long count)
{
	unsigned long a = (unsigned long)src;
	long max, ret;

	if (count <= 0)
		return 0;
	if (a >= TASK_SIZE)
		return -EFAULT;
	/* Stop at the end of user space: a string running past it is bad. */
	max = min((unsigned long)count, TASK_SIZE - a);
	ret = __asm_strncpy_from_user(dst, src, max);
	if (ret < 0 || (ret == max && max < count))
		return -EFAULT;
	return ret;
}

int get_user_u64(u64 *val, const u64 __user *ptr)
{
	return copy_from_user(val, ptr, sizeof(*val)) ? -EFAULT : 0;
}

int put_user_u64(u64 val, u64 __user *ptr)
{
	return copy_to_user(ptr, &val, sizeof(val)) ? -EFAULT : 0;
}

int get_user_u32(u32 *val, const u32 __user *ptr)
{
	return copy_from_user(val, ptr, sizeof(*val)) ? -EFAULT : 0;
}

int put_user_u32(u32 val, u32 __user *ptr)
{
	return copy_to_user(ptr, &val, sizeof(val)) ? -EFAULT : 0;
}
