/*
 * fscrash: the guest half of the crash-consistency test
 * (grading/grade_crash.py, which kills QEMU in the middle of `run`).
 *
 *   fscrash run     make /crash and change files in it in a fixed sequence,
 *                   printing "commit N" once step N's system calls returned
 *   fscrash check   list /crash: "file NAME SIZE HASH" per file, HASH the
 *                   32-bit FNV-1a of its bytes, then "fscrash: check done"
 *
 * The sequence (grade_crash.py models the same one; keep them in step):
 * step i works on slot s = i % SLOTS and does, by (i / SLOTS) % 3,
 *   0: create crash/fS and write content(i) to it in one write();
 *   1: "rename" crash/fS to crash/gS: link, then unlink (there is no rename);
 *   2: unlink crash/gS.
 * content(i) is 100 + (i * 37) % 1900 bytes, byte j being
 * 'a' + (i * 7 + j) % 26: a few blocks, so a write is a short transaction.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/fs.h"
#include "user/user.h"
#include "user/errno.h"

#define SLOTS 8
#define MAXSTEPS 1000000
#define MAXSIZE 2000

static char buf[MAXSIZE];

static int content(int i)
{
	int size = 100 + (i * 37) % 1900;

	for (int j = 0; j < size; j++)
		buf[j] = 'a' + (i * 7 + j) % 26;
	return size;
}

static void die(const char *what, const char *path)
{
	fprintf(2, "fscrash: %s %s: %s\n", what, path, strerror(errno));
	exit(1);
}

static void step(int i)
{
	char f[16], g[16];
	int s = i % SLOTS, fd, n;

	snprintf(f, sizeof(f), "crash/f%d", s);
	snprintf(g, sizeof(g), "crash/g%d", s);
	switch ((i / SLOTS) % 3) {
	case 0:
		fd = open(f, O_CREATE | O_WRONLY | O_TRUNC);
		if (fd < 0)
			die("create", f);
		n = content(i);
		if (write(fd, buf, n) != n)
			die("write", f);
		close(fd);
		break;
	case 1:
		if (link(f, g) < 0)
			die("link to", g);
		if (unlink(f) < 0)
			die("unlink", f);
		break;
	case 2:
		if (unlink(g) < 0)
			die("unlink", g);
		break;
	}
}

static void run(void)
{
	if (mkdir("crash") < 0)
		die("mkdir", "crash");
	printf("fscrash: running\n");
	for (int i = 0; i < MAXSTEPS; i++) {
		step(i);
		printf("commit %d\n", i);
	}
}

static uint fnv1a(const char *p, int n, uint h)
{
	for (int i = 0; i < n; i++)
		h = (h ^ (uchar)p[i]) * 0x01000193;
	return h;
}

static void show(const char *name)
{
	char path[64];
	uint h = 0x811c9dc5;
	int fd, n, size = 0;

	snprintf(path, sizeof(path), "crash/%s", name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		die("open", path);
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		h = fnv1a(buf, n, h);
		size += n;
	}
	if (n < 0)
		die("read", path);
	close(fd);
	printf("file %s %d %08x\n", name, size, h);
}

static void check(void)
{
	struct dirent de;
	char name[DIRSIZ + 1];
	int fd, files = 0;

	fd = open("crash", O_RDONLY);
	if (fd < 0)
		die("open", "crash");
	while (read(fd, &de, sizeof(de)) == sizeof(de)) {
		if (de.inum == 0)
			continue;
		memmove(name, de.name, DIRSIZ);
		name[DIRSIZ] = 0;
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		show(name);
		files++;
	}
	close(fd);
	printf("fscrash: check done, %d files\n", files);
}

int main(int argc, char *argv[])
{
	if (argc == 2 && strcmp(argv[1], "run") == 0)
		run();
	else if (argc == 2 && strcmp(argv[1], "check") == 0)
		check();
	else {
		fprintf(2, "usage: fscrash run|check\n");
		exit(1);
	}
	exit(0);
}
