/*
 * A deterministic pseudo-random sequence for the library tests, so a
 * failing run repeats exactly (xorshift64, Marsaglia 2003). Linux's tests
 * use prandom_u32_state() with a fixed seed for the same reason.
 */
#ifndef _LIB_TESTS_TEST_RAND_H
#define _LIB_TESTS_TEST_RAND_H

#include "types.h"

/* The state must start nonzero. */
static inline u64 test_rand(u64 *state)
{
	u64 x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *state = x;
}

#endif
