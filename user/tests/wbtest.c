/*
 * wbtest: data that must survive a crash, for grading/grade_writeback.py.
 * Each mode overwrites FILE in place (no truncate, so no new blocks: the
 * new bytes live only in the page cache until writeback) and prints
 * "wbtest: done", after which the grader pulls the plug; `check` later
 * reports what the disk kept.
 *
 *   wbtest setup FILE          FILE := 64 KiB of pattern 'A', fsync'd
 *   wbtest write FILE          overwrite with 'B' through write(); no fsync
 *                              (the flusher must write it back)
 *   wbtest fsync FILE          overwrite with 'C', then fsync()
 *   wbtest msync FILE          overwrite with 'D' through a MAP_SHARED
 *                              mapping, then msync(MS_SYNC)
 *   wbtest check FILE          "wbtest: FILE holds X" if every byte is X,
 *                              else "wbtest: FILE mixed"
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"

#define SIZE (64 * 1024)

static char buf[SIZE];

static void die(const char *what)
{
	fprintf(2, "wbtest: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int open_file(const char *path, int flags)
{
	int fd = open(path, flags);

	if (fd < 0)
		die(path);
	return fd;
}

static void overwrite(const char *path, char c, int sync)
{
	int fd = open_file(path, sync == 2 ? O_CREATE | O_RDWR : O_RDWR);

	memset(buf, c, SIZE);
	if (write(fd, buf, SIZE) != SIZE)
		die("write");
	if (sync && fsync(fd) < 0)
		die("fsync");
	close(fd);
}

static void through_mapping(const char *path)
{
	int fd = open_file(path, O_RDWR);
	char *map = mmap(0, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	if (map == MAP_FAILED)
		die("mmap");
	close(fd);
	memset(map, 'D', SIZE);
	if (msync(map, SIZE, MS_SYNC) < 0)
		die("msync");
}

static void check(const char *path)
{
	int fd = open_file(path, O_RDONLY), n = 0, r;

	while (n < SIZE && (r = read(fd, buf + n, SIZE - n)) > 0)
		n += r;
	close(fd);
	for (int i = 0; i < n; i++)
		if (buf[i] != buf[0]) {
			printf("wbtest: %s mixed ('%c' at 0, '%c' at %d)\n", path, buf[0], buf[i], i);
			return;
		}
	printf("wbtest: %s holds %c (%d bytes)\n", path, n ? buf[0] : '-', n);
}

int main(int argc, char *argv[])
{
	if (argc != 3) {
		fprintf(2, "usage: wbtest setup|write|fsync|msync|check FILE\n");
		exit(1);
	}
	if (strcmp(argv[1], "setup") == 0)
		overwrite(argv[2], 'A', 2);
	else if (strcmp(argv[1], "write") == 0)
		overwrite(argv[2], 'B', 0);
	else if (strcmp(argv[1], "fsync") == 0)
		overwrite(argv[2], 'C', 1);
	else if (strcmp(argv[1], "msync") == 0)
		through_mapping(argv[2]);
	else if (strcmp(argv[1], "check") == 0)
		check(argv[2]);
	else
		die("unknown mode");
	printf("wbtest: done\n");
	exit(0);
}
