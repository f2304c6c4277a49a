/*
 * init: the first user process (Linux: the init program of your
 * distribution, e.g. systemd or busybox init).
 *
 * Opens the console as standard input, output and error (making the
 * device file /console first if the disk has none), starts the shell, and
 * waits forever: for the shell, to start a new one when it exits, and for
 * every orphan the kernel hands to init, so that no zombie stays.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "user/user.h"
#include "user/errno.h"

#define CONSOLE_MAJOR 1		/* kernel/fs/vfs.h: the console's device number */
#define CONSOLE_MINOR 0

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
