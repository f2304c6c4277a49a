/*
 * snooze: sleep in the background for the grade tests (grading/grade_shell.py).
 *
 *   snooze TICKS [MESSAGE]
 *
 * Prints "snooze: pid N" at once (so a test can kill it), sleeps TICKS
 * clock ticks (10 ms each) and then prints MESSAGE, if given. Pagoda has
 * no sleep(1) program; this is the part of one the tests need.
 */
#include "kernel/types.h"
#include "user/user.h"

int main(int argc, char *argv[])
{
	int ticks;

	if (argc < 2 || parse_int(argv[1], &ticks) < 0 || ticks < 0) {
		fprintf(2, "usage: snooze TICKS [MESSAGE]\n");
		exit(1);
	}
	printf("snooze: pid %d\n", getpid());
	if (sleep(ticks) < 0) {
		perror("snooze: sleep");
		exit(1);
	}
	if (argc > 2)
		printf("%s\n", argv[2]);
	exit(0);
}
