/*
 * start_kernel: from the first C code with the MMU on to a running
 * memory manager on every hart (Linux: init/main.c start_kernel,
 * arch/riscv/kernel/setup.c setup_arch, mm/mm_init.c mm_core_init).
 */
#include "types.h"
#include "riscv.h"
#include "sbi.h"
#include "smp.h"
#include "printk.h"
#include "panic.h"
#include "init.h"
#include "timer.h"
#include "uart.h"
#include "devicetree.h"
#include "fdt.h"
#include "string.h"
#include "boot.h"
#include "mm/memblock.h"
#include "mm/mm.h"
#include "mm/internal.h"
#include "mm/fixmap.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"
#include "mm/ptdump.h"
#include "kunit/test.h"
#include "bench/bench.h"

u64 mem_init_done_ns;

static void setup_arch(phys_addr_t dtb_pa)
{
	const void *fdt = __va(dtb_pa);

	if (early_init_dt_scan(fdt, 1 << 24, &boot_dt))
		panic("no valid device tree at %#lx: cannot find memory", dtb_pa);
	boot_dt.fdt_pa = dtb_pa;
	time_init(boot_dt.timebase);
	parse_early_param(boot_dt.bootargs);
	pr_info("Kernel command line: %s\n", boot_command_line);
	dt_print_summary(&boot_dt);
	smp_setup_cpus();
	numa_init();
	setup_bootmem();
	paging_init();
	uart_init(boot_dt.uart.base, boot_dt.uart_reg_shift);
	if (boot_dt.test.base)
		set_test_device_mapping((unsigned long)set_fixmap_io(FIX_TEST_DEV, boot_dt.test.base));
	memblock_dump_all();
	sparse_init();
	free_area_init();
}

/* Linux: mm/mm_init.c mm_core_init(). */
static void mm_core_init(void)
{
	unsigned long freed = memblock_free_all();

	pr_info("memblock_free_all: %lu pages released to the buddy allocator\n", freed);
	build_all_zonelists();
	page_alloc_init_cpu();
	calculate_min_free_kbytes();
	setup_per_zone_wmarks();
	setup_per_zone_lowmem_reserve();
	mem_init();
	kmem_cache_init();
	vmalloc_init();
}

void start_kernel(unsigned long hartid, phys_addr_t dtb_pa)
{
	int failures = 0;

	smp_setup_processor_id(hartid);
	pr_notice("Booting Pagoda on hart %lu (physical CPU), kernel at %#lx\n",
		  hartid, kernel_map.phys_addr);
	sbi_init();
	setup_arch(dtb_pa);
	mm_core_init();
	mem_init_done_ns = ktime_get_ns();
	pr_info("mem_init_done in %lu.%03lu ms since machine start\n",
		mem_init_done_ns / 1000000, mem_init_done_ns / 1000 % 1000);
	ptdump_check_wx();
	if (console_loglevel > LOGLEVEL_DEBUG)
		ptdump_show(swapper_pg_dir, LOGLEVEL_DEBUG);

	csr_set(sie, SIE_SSIE);
	timer_start_this_cpu();
	local_irq_enable();
	smp_init();

	do_initcalls();
	if (kunit_enabled())
		failures = kunit_run_all();
	if (bench_requested())
		bench_run();
	pr_info("Pagoda: boot complete\n");
	if (failures)
		pr_info("Pagoda: %d test failure%s\n", failures, failures > 1 ? "s" : "");
	machine_power_off(failures ? 1 : 0);
}
