/* mkdir: make each directory named (Linux: coreutils mkdir, without -p). */
#include "kernel/types.h"
#include "user/user.h"

int main(int argc, char *argv[])
{
	int status = 0;

	if (argc < 2) {
		fprintf(2, "usage: mkdir DIRECTORY...\n");
		exit(1);
	}
	for (int i = 1; i < argc; i++) {
		if (mkdir(argv[i]) < 0) {
			fprintf(2, "mkdir: cannot create directory %s: %s\n", argv[i], strerror(errno));
			status = 1;
		}
	}
	exit(status);
}
