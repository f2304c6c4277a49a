/*
 * What the kernel learns from the device tree at boot (Linux keeps this
 * spread over memblock, the unflattened tree and each driver's probe;
 * Pagoda reads it once into `struct boot_dt`, after drivers/of/fdt.c's
 * early_init_dt_scan*).
 */
#ifndef _KERNEL_DEVICETREE_H
#define _KERNEL_DEVICETREE_H

#include "types.h"
#include "smp.h"

#define MAX_NUMNODES 4
#define DT_MAX_MEM 16
#define DT_MAX_RESV 16
#define DT_MAX_VIRTIO 8
#define DT_MAX_PLIC 4
#define DT_MAX_PLIC_CTX (2 * NR_CPUS)	/* an M-mode and an S-mode context per hart */
#define COMMAND_LINE_SIZE 512

struct dt_mem_region {
	phys_addr_t base, size;
	int nid;
};

struct dt_reserved {
	phys_addr_t base, size;
	bool nomap;		/* "no-map": not even in the linear map */
	char name[32];
};

struct dt_device {
	phys_addr_t base, size;
	u32 irq;
	u32 irq_parent;		/* phandle of the interrupt controller, 0 if none */
};

/*
 * One PLIC. Its "interrupts-extended" lists one context per entry: entry i
 * is context i, wired to one hart's external interrupt, cause 11 (M-mode,
 * OpenSBI's) or 9 (S-mode, ours). Unwired contexts have hartid ~0UL.
 */
struct dt_plic {
	struct dt_device dev;
	u32 phandle;
	u32 ndev;			/* "riscv,ndev": sources are 1..ndev */
	int nid;			/* numa-node-id: one PLIC per socket */
	int nr_contexts;
	unsigned long ctx_hartid[DT_MAX_PLIC_CTX];
	u32 ctx_cause[DT_MAX_PLIC_CTX];
};

struct boot_dt {
	const void *fdt;
	phys_addr_t fdt_pa;
	u32 fdt_size;
	int nr_mem;
	struct dt_mem_region mem[DT_MAX_MEM];
	int nr_resv;
	struct dt_reserved resv[DT_MAX_RESV];
	int nr_cpus;
	unsigned long cpu_hartid[NR_CPUS];
	int cpu_nid[NR_CPUS];
	int nr_nodes;			/* highest numa-node-id + 1 */
	bool have_distance_map;
	u8 distance[MAX_NUMNODES][MAX_NUMNODES];
	char bootargs[COMMAND_LINE_SIZE];
	unsigned long timebase;
	struct dt_device uart, plic, test;
	u32 uart_reg_shift;
	int nr_virtio;
	struct dt_device virtio[DT_MAX_VIRTIO];
	int nr_plic;			/* every PLIC; `plic` above is the last one found */
	struct dt_plic plics[DT_MAX_PLIC];
};

extern struct boot_dt boot_dt;

/*
 * Fills `dt` from the blob; -EINVAL if the blob is corrupt or lacks
 * memory. Messages name what was wrong.
 */
int early_init_dt_scan(const void *fdt, size_t max_size, struct boot_dt *dt);
/* Lowest and highest RAM address; usable with the MMU off. */
int early_init_dt_memory_bounds(const void *fdt, phys_addr_t *start, phys_addr_t *end);
void dt_print_summary(const struct boot_dt *dt);

#endif
