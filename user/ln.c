/* ln: make NEW a second name (hard link) for the file OLD (Linux: coreutils ln). */
#include "kernel/types.h"
#include "user/user.h"

int main(int argc, char *argv[])
{
	if (argc != 3) {
		fprintf(2, "usage: ln OLD NEW\n");
		exit(1);
	}
	if (link(argv[1], argv[2]) < 0) {
		fprintf(2, "ln: failed to create hard link %s => %s: %s\n", argv[2], argv[1],
			strerror(errno));
		exit(1);
	}
	exit(0);
}
