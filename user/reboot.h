/* reboot(2)'s magic numbers and commands (Linux: include/uapi/linux/reboot.h). */
#ifndef _USER_REBOOT_H
#define _USER_REBOOT_H

#define LINUX_REBOOT_MAGIC1		0xfee1dead
#define LINUX_REBOOT_MAGIC2		672274793
#define LINUX_REBOOT_CMD_RESTART	0x01234567
#define LINUX_REBOOT_CMD_HALT		0xCDEF0123
#define LINUX_REBOOT_CMD_POWER_OFF	0x4321FEDC

#endif
