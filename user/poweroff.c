/*
 * poweroff: stop the machine (QEMU exits). The kernel writes everything
 * dirty to the disk on the way down. Linux's poweroff asks init (systemd)
 * to stop services, sync and unmount first.
 *
 *   poweroff [-r]      -r: restart instead (QEMU started with -no-reboot exits too)
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/reboot.h"

int main(int argc, char *argv[])
{
	int restart = argc > 1 && strcmp(argv[1], "-r") == 0;

	reboot(LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
	       restart ? LINUX_REBOOT_CMD_RESTART : LINUX_REBOOT_CMD_POWER_OFF);
	fprintf(2, "poweroff: %s\n", strerror(errno));
	exit(1);
}
