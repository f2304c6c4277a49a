/* Boot steps called from start_kernel (see main.c for the order). */
#ifndef _KERNEL_BOOT_H
#define _KERNEL_BOOT_H

#include "types.h"

void setup_bootmem(void);
void paging_init(void);
void sparse_init(void);
void numa_init(void);
void smp_setup_cpus(void);
void set_test_device_mapping(unsigned long va);
extern u64 mem_init_done_ns;
extern phys_addr_t memory_limit;

#endif
