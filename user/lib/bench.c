/* Helpers shared by the user benchmarks (user/bench.h). */
#include "kernel/types.h"
#include "user/user.h"
#include "user/bench.h"

void bench_sort(unsigned long *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			unsigned long t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

void bench_print_milli(unsigned long v)
{
	printf("%lu.%03lu", v / 1000, v % 1000);
}

void bench_report_milli(const char *kind, const char *name, unsigned long *v, int n,
			const char *tail)
{
	bench_sort(v, n);
	printf("%s %s ", kind, name);
	bench_print_milli(v[n / 2]);
	printf(" ");
	bench_print_milli(v[0]);
	printf(" ");
	bench_print_milli(v[n - 1]);
	printf(" %s\n", tail);
}
