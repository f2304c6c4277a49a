/*
 * kill: kill each process named by its PID (Linux: util-linux kill; there
 * are no signals to choose, kill() always ends the process).
 */
#include "kernel/types.h"
#include "user/user.h"

int main(int argc, char *argv[])
{
	int status = 0, pid;

	if (argc < 2) {
		fprintf(2, "usage: kill PID...\n");
		exit(1);
	}
	for (int i = 1; i < argc; i++) {
		if (parse_int(argv[i], &pid) < 0 || pid <= 0) {
			fprintf(2, "kill: %s: not a process id\n", argv[i]);
			status = 1;
		} else if (kill(pid) < 0) {
			fprintf(2, "kill: (%d): %s\n", pid, strerror(errno));
			status = 1;
		}
	}
	exit(status);
}
