/*
 * init: the first user process (Linux: the init program of your
 * distribution, e.g. systemd or busybox init).
 *
 * Opens the console as standard input, output and error (making the
 * device file /console first if the disk has none), turns on swap on the
 * second disk if mkswap made it a swap area, starts the shell, and waits
 * forever: for the shell, to start a new one when it exits, and for
 * every orphan the kernel hands to init, so that no zombie stays.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "user/user.h"
#include "user/errno.h"
#include "user/proc.h"

#define CONSOLE_MAJOR 1		/* kernel/fs/vfs.h: the console's device number */
#define CONSOLE_MINOR 0

#define SWAP_DEVICE "/dev/vdb"	/* build/swap.img: see mkfs/README.md */

static char *sh_argv[] = { "sh", 0 };

static int open_console(void)
{
	int fd = open("console", O_RDWR);

	if (fd < 0) {
		if (mknod("console", CONSOLE_MAJOR, CONSOLE_MINOR) < 0)
			return -1;
		fd = open("console", O_RDWR);
	}
	if (fd < 0)
		return -1;
	/* fd is 0, the lowest free descriptor; 1 and 2 become copies of it. */
	dup(fd);
	dup(fd);
	return 0;
}

/* The Size column (kB) of a /proc/swaps line for path, or 0. */
static unsigned long swap_size_kb(const char *path)
{
	static char text[1024];
	const char *line = text;
	uint len = strlen(path);

	if (proc_read("/proc/swaps", text, sizeof(text)) < 0)
		return 0;
	for (; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : 0) {
		if (strncmp(line, path, len) || (line[len] != ' ' && line[len] != '\t'))
			continue;
		line += len;
		while (*line == ' ' || *line == '\t')
			line++;
		while (*line && *line != ' ' && *line != '\t')
			line++;		/* the Type column, "partition" */
		return proc_number(line, 0);
	}
	return 0;
}

/*
 * Swap on the second disk, as a distribution's init does for the swap
 * lines of /etc/fstab (busybox: swapon -a; systemd: its .swap units).
 * No such disk is no news; a disk that is not a swap area gets a note.
 */
static void swap_on_boot(void)
{
	if (swapon(SWAP_DEVICE, 0) == 0) {
		printf("init: swap on %s (%lu MiB)\n", SWAP_DEVICE,
		       (swap_size_kb(SWAP_DEVICE) + 512) >> 10);
		return;
	}
	if (errno == ENOENT || errno == ENODEV || errno == ENXIO)
		return;
	if (errno == EINVAL)
		printf("init: %s is not a swap area (no mkswap signature): no swap\n", SWAP_DEVICE);
	else
		printf("init: swapon %s: %s\n", SWAP_DEVICE, strerror(errno));
}

static int start_shell(void)
{
	int pid = fork();

	if (pid < 0) {
		fprintf(2, "init: fork failed: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		exec("sh", sh_argv);
		exec("/sh", sh_argv);
		fprintf(2, "init: exec sh failed: %s\n", strerror(errno));
		exit(1);
	}
	return pid;
}

int main(void)
{
	int shell, pid;

	if (open_console() < 0)
		exit(1);	/* nowhere to say so; the kernel reports init's exit */
	swap_on_boot();
	for (;;) {
		printf("init: starting sh\n");
		shell = start_shell();
		if (shell < 0) {
			sleep(100);	/* one second; then try again */
			continue;
		}
		/* Reap every child that ends until the shell itself does. */
		do {
			pid = wait(0);
		} while (pid != shell && !(pid < 0 && errno == ECHILD));
	}
}
