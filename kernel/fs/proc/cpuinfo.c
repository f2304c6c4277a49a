/*
 * /proc/cpuinfo (Linux: arch/riscv/kernel/cpu.c, c_show): one block per
 * CPU with its hart id, the ISA string the device tree gives for that
 * hart, the MMU mode the kernel runs in, and the machine ID registers
 * as SBI reports them.
 */
#include "fs/proc/internal.h"
#include "devicetree.h"
#include "fdt.h"
#include "sbi.h"
#include "smp.h"
#include "init.h"
#include "errno.h"
#include "string.h"

#define SBI_EXT_BASE			0x10
#define SBI_EXT_BASE_GET_MVENDORID	4
#define SBI_EXT_BASE_GET_MARCHID	5
#define SBI_EXT_BASE_GET_MIMPID		6

/* The "riscv,isa" of the /cpus node whose reg is hartid, or NULL. */
static const char *riscv_isa_of(unsigned long hartid)
{
	const void *fdt = boot_dt.fdt;
	int cpus = fdt ? fdt_path_offset(fdt, "/cpus") : -1;

	if (cpus < 0)
		return NULL;
	for (int c = fdt_first_subnode(fdt, cpus); c >= 0; c = fdt_next_subnode(fdt, c)) {
		const char *type = fdt_getprop_string(fdt, c, "device_type");

		if (type && !strcmp(type, "cpu") && fdt_getprop_u32(fdt, c, "reg", ~0U) == hartid)
			return fdt_getprop_string(fdt, c, "riscv,isa");
	}
	return NULL;
}

static unsigned long sbi_base_value(int fid)
{
	struct sbiret ret = sbi_ecall(SBI_EXT_BASE, fid, 0, 0, 0, 0, 0, 0);

	return ret.error ? 0 : ret.value;
}

static int cpuinfo_show(struct seq_file *m, void *v)
{
	unsigned long mvendorid = sbi_base_value(SBI_EXT_BASE_GET_MVENDORID);
	unsigned long marchid = sbi_base_value(SBI_EXT_BASE_GET_MARCHID);
	unsigned long mimpid = sbi_base_value(SBI_EXT_BASE_GET_MIMPID);

	(void)v;
	for (int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		const char *isa;

		if (!cpu_info[cpu].online)
			continue;
		isa = riscv_isa_of(cpuid_to_hartid_map[cpu]);
		seq_printf(m, "processor\t: %d\n", cpu);
		seq_printf(m, "hart\t\t: %lu\n", cpuid_to_hartid_map[cpu]);
		seq_printf(m, "isa\t\t: %s\n", isa ? isa : "unknown");
		/* Pagoda always runs with 4-level tables (kernel/mm/page.h). */
		seq_puts(m, "mmu\t\t: sv48\n");
		seq_printf(m, "mvendorid\t: 0x%lx\n", mvendorid);
		seq_printf(m, "marchid\t\t: 0x%lx\n", marchid);
		seq_printf(m, "mimpid\t\t: 0x%lx\n", mimpid);
		seq_putc(m, '\n');
	}
	return 0;
}

static int proc_cpuinfo_init(void)
{
	return proc_create_single("cpuinfo", 0444, NULL, cpuinfo_show) ? 0 : -ENOMEM;
}
fs_initcall(proc_cpuinfo_init);
