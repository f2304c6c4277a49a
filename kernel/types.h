/*
 * Basic fixed-width types, with both xv6's names (uint64, pte_t) and the
 * Linux kernel's (u64, size_t, phys_addr_t).
 */
#ifndef _KERNEL_TYPES_H
#define _KERNEL_TYPES_H

typedef unsigned char uchar;
typedef unsigned short ushort;
typedef unsigned int uint;
typedef unsigned long ulong;

typedef unsigned char uint8;
typedef unsigned short uint16;
typedef unsigned int uint32;
typedef unsigned long uint64;

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long s64;

typedef unsigned long size_t;
typedef long ssize_t;
typedef unsigned long uintptr_t;
typedef long intptr_t;
typedef unsigned long phys_addr_t;
typedef unsigned long pgoff_t;
typedef _Bool bool;

#define true 1
#define false 0
#define NULL ((void *)0)

#define offsetof(type, member) __builtin_offsetof(type, member)
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define ALIGN(x, a) (((x) + ((a) - 1)) & ~((typeof(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((typeof(x))(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((typeof(x))(a) - 1)) == 0)
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
typedef long long loff_t;	/* a file offset, in bytes */

#ifndef LONG_MAX
#define LONG_MAX ((long)(~0UL >> 1))
#endif
#ifndef LONG_MIN
#define LONG_MIN (-LONG_MAX - 1)
#endif
#define LLONG_MAX ((long long)(~0ULL >> 1))
#define min(a, b) ((a) < (b) ? (a) : (b))
#define min3(a, b, c) min(min(a, b), c)
#define max(a, b) ((a) > (b) ? (a) : (b))
#define clamp(v, lo, hi) min(max(v, lo), hi)

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define __aligned(n) __attribute__((aligned(n)))
#define __packed __attribute__((packed))
#define __section(s) __attribute__((section(s)))
#define __used __attribute__((used))
#define __noreturn __attribute__((noreturn))
#define __maybe_unused __attribute__((unused))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define noinline __attribute__((noinline))
/* For the few fast paths where a call costs more than the work (see page_alloc.c). */
#define __always_inline inline __attribute__((always_inline))

#define READ_ONCE(x) (*(const volatile typeof(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile typeof(x) *)&(x) = (v))
#define barrier() __asm__ __volatile__("" ::: "memory")

#define BITS_PER_LONG 64
#define BIT(n) (1UL << (n))

#define SZ_1K 0x400UL
#define SZ_4K 0x1000UL
#define SZ_1M 0x100000UL
#define SZ_2M 0x200000UL
#define SZ_1G 0x40000000UL

#endif
