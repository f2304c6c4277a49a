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
#include "mm/mmu_context.h"
#include "kunit/test.h"
#include "bench/bench.h"
#include "sched.h"
#include "sched/internal.h"
#include "fork.h"
#include "err.h"
#include "errno.h"
#include "fs/vfs.h"
#include "fs/exec.h"
#include "lkdtm.h"
#include "ptrace.h"
#include "mm/user.h"
#include "xarray.h"

extern char init_stack[];

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
	asids_init();		/* needs satp on swapper_pg_dir; before any user mm runs */
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

/* root=: the block device holding the root file system (Linux: init/do_mounts.c). */
static char root_device[16] = "vda";

static int __init_root(char *val)
{
	if (!*val || strlen(val) >= sizeof(root_device))
		return -EINVAL;
	/* Accept Linux's spelling root=/dev/vda as well as root=vda. */
	if (!strncmp(val, "/dev/", 5))
		val += 5;
	strlcpy(root_device, val, sizeof(root_device));
	return 0;
}
early_param("root", __init_root);

/* Mount / and /proc, and give this task a descriptor table and a directory. */
static int prepare_namespace(void)
{
	struct inode *root;
	int err = mount_root(root_device, "pgfs");

	if (err && strcmp(root_device, "vda")) {
		pr_err("VFS: cannot mount root on %s (%d); trying vda\n", root_device, err);
		err = mount_root("vda", "pgfs");
	}
	if (err)
		return err;
	root = namei("/");
	if (IS_ERR(root))
		return PTR_ERR(root);
	current->cwd = root;
	err = do_mount(NULL, "/proc", "proc");
	if (err)
		pr_err("VFS: cannot mount /proc: %d\n", err);
	return 0;
}

/* Tests and benchmarks run in process context, then power the machine off. */
static void __noreturn run_tests_and_power_off(void)
{
	int failures = 0;

	if (kunit_enabled())
		failures = kunit_run_all();
	if (bench_requested())
		bench_run();
	pr_info("Pagoda: boot complete\n");
	if (failures)
		pr_info("Pagoda: %d test failure%s\n", failures, failures > 1 ? "s" : "");
	machine_power_off(failures ? 1 : 0);
}

/*
 * pid 1 (Linux: init/main.c kernel_init): run the initcalls, mount the
 * root file system, and become /init. Returning 0 after a successful
 * exec sends the task to user mode (ret_from_fork).
 */
static int kernel_init(void *unused)
{
	static const char *const argv[] = { "init", NULL };
	int err;

	init_task_user = current;
	lkdtm_boot();
	do_initcalls();
	current->files = files_alloc();
	if (!current->files)
		panic("kernel_init: no memory for a file table");
	err = prepare_namespace();
	if (kunit_enabled() || bench_requested()) {
		if (err)
			pr_warn("VFS: no root file system (%d); tests that need one will fail\n", err);
		run_tests_and_power_off();
	}
	if (err)
		panic("VFS: Unable to mount root fs on %s: error %d", root_device, err);
	pr_info("Pagoda: boot complete in %lu ms\n", ktime_get_ns() / 1000000);
	err = kernel_execve("/init", argv);
	if (err)
		panic("No working init found (/init: error %d)", err);
	return 0;
}

void start_kernel(unsigned long hartid, phys_addr_t dtb_pa)
{
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

	trap_init();
	sched_init();
	fork_init();
	proc_caches_init();
	radix_tree_init();
	this_cpu()->idle = init_idle(0, init_stack);
	this_cpu()->curr = this_cpu()->idle;
	csr_set(sie, SIE_SSIE);
	timer_start_this_cpu();
	local_irq_enable();
	smp_init();

	if (!kernel_thread(kernel_init, NULL, "init"))
		panic("cannot create the init task");
	cpu_idle_loop();
}
