/*
 * Bit searching (Linux: include/asm-generic/bitops/__ffs.h, fls64.h).
 * Plain C, so the kernel needs neither libgcc nor the Zbb extension.
 */
#ifndef _KERNEL_BITOPS_H
#define _KERNEL_BITOPS_H

/* Index of the lowest set bit; x must not be 0. */
static inline unsigned int __ffs(unsigned long x)
{
	unsigned int n = 0;

	if (!(x & 0xffffffffUL)) { n += 32; x >>= 32; }
	if (!(x & 0xffffUL)) { n += 16; x >>= 16; }
	if (!(x & 0xffUL)) { n += 8; x >>= 8; }
	if (!(x & 0xfUL)) { n += 4; x >>= 4; }
	if (!(x & 0x3UL)) { n += 2; x >>= 2; }
	if (!(x & 0x1UL)) n += 1;
	return n;
}

/* Index of the highest set bit plus one; 0 for x == 0. */
static inline unsigned int fls64(unsigned long x)
{
	unsigned int n = 64;

	if (!x)
		return 0;
	if (!(x & 0xffffffff00000000UL)) { n -= 32; x <<= 32; }
	if (!(x & 0xffff000000000000UL)) { n -= 16; x <<= 16; }
	if (!(x & 0xff00000000000000UL)) { n -= 8; x <<= 8; }
	if (!(x & 0xf000000000000000UL)) { n -= 4; x <<= 4; }
	if (!(x & 0xc000000000000000UL)) { n -= 2; x <<= 2; }
	if (!(x & 0x8000000000000000UL)) n -= 1;
	return n;
}

/*
 * The first clear bit at or after `start` in a bitmap of `size` bits,
 * or `size` if there is none (Linux: include/linux/find.h).
 */
static inline unsigned long find_next_zero_bit(const unsigned long *map, unsigned long size,
					       unsigned long start)
{
	while (start < size) {
		unsigned long word = ~map[start / 64] >> (start % 64);

		if (word) {
			start += __ffs(word);
			return start < size ? start : size;
		}
		start = (start / 64 + 1) * 64;
	}
	return size;
}

static inline unsigned long rounddown_pow_of_two(unsigned long x)
{
	return x ? 1UL << (fls64(x) - 1) : 0;
}

static inline unsigned long roundup_pow_of_two(unsigned long x)
{
	return x <= 1 ? 1 : 1UL << fls64(x - 1);
}

/* Smallest order with (PAGE_SIZE << order) >= size (Linux: get_order). */
static inline unsigned int get_order(unsigned long size)
{
	return size <= 4096 ? 0 : fls64((size - 1) >> 12);
}

#endif
