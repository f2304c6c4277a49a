/*
 * reboot(): power off, halt or restart the machine (Linux: kernel/reboot.c).
 *
 * Linux takes two magic numbers first, so a stray call with random
 * arguments cannot stop the machine, and a command. Before the machine
 * stops, everything dirty is written to the disk: Linux leaves that to
 * user space (poweroff runs sync, systemd unmounts); Pagoda's shutdown
 * does it itself so that no program can lose data by forgetting.
 */
#include "syscalls.h"
#include "errno.h"
#include "panic.h"
#include "printk.h"
#include "sched.h"
#include "sbi.h"
#include "fs/vfs.h"

#define LINUX_REBOOT_MAGIC1	0xfee1dead
#define LINUX_REBOOT_MAGIC2	672274793
#define LINUX_REBOOT_CMD_RESTART	0x01234567
#define LINUX_REBOOT_CMD_HALT		0xCDEF0123
#define LINUX_REBOOT_CMD_POWER_OFF	0x4321FEDC

long sys_reboot(int magic1, int magic2, unsigned int cmd)
{
	if ((unsigned int)magic1 != LINUX_REBOOT_MAGIC1 || magic2 != LINUX_REBOOT_MAGIC2)
		return -EINVAL;
	if (cmd != LINUX_REBOOT_CMD_RESTART && cmd != LINUX_REBOOT_CMD_HALT &&
	    cmd != LINUX_REBOOT_CMD_POWER_OFF)
		return -EINVAL;
	pr_notice("reboot: %s requested by %s (%d); syncing\n",
		  cmd == LINUX_REBOOT_CMD_RESTART ? "restart" : "power off", current->comm,
		  current->pid);
	sys_sync_all();
	if (cmd == LINUX_REBOOT_CMD_RESTART)
		sbi_system_reset(SBI_SRST_TYPE_COLD_REBOOT, SBI_SRST_REASON_NONE);
	pr_notice("reboot: Power down\n");
	machine_power_off(0);
}
