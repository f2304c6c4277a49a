/*
 * mmapshare: two processes sharing memory through mmap(MAP_SHARED).
 *
 *  1. A file: the parent writes it, maps it shared; a child maps it too
 *     and writes a line into its mapping. The parent sees the line in its
 *     own mapping and with read(), since all three are the same page in
 *     the page cache; msync() then puts it on the disk.
 *  2. Anonymous shared memory: a counter both processes add to, in
 *     turns, through a MAP_SHARED|MAP_ANONYMOUS page (shmem).
 *
 *   mmapshare [FILE]     default: mmapshare.dat in the current directory
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"

#define PAGE 4096
#define ROUNDS 200

static void die(const char *what)
{
	fprintf(2, "mmapshare: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void share_a_file(const char *path)
{
	static char page[PAGE], back[64];
	const char *msg = "written by the child through its mapping\n";
	char *map;
	int fd, pid, status;

	memset(page, '.', PAGE);
	fd = open(path, O_CREATE | O_TRUNC | O_RDWR);
	if (fd < 0 || write(fd, page, PAGE) != PAGE)
		die(path);
	map = mmap(0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		die("mmap");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		/* The child's own mapping of the file, not the inherited one. */
		char *mine = mmap(0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

		if (mine == MAP_FAILED)
			die("child mmap");
		memcpy(mine, msg, strlen(msg));
		exit(0);
	}
	wait(&status);
	memcpy(back, map, strlen(msg));
	back[strlen(msg)] = 0;
	printf("mmapshare: the parent's mapping says: %s", back);
	if (msync(map, PAGE, MS_SYNC) < 0)
		die("msync");
	close(fd);
	fd = open(path, O_RDONLY);
	if (fd < 0 || read(fd, back, strlen(msg)) != (int)strlen(msg))
		die("read back");
	back[strlen(msg)] = 0;
	printf("mmapshare: read() of %s says:       %s", path, back);
	printf("mmapshare: %s\n", strcmp(back, msg) == 0 && memcmp(map, msg, strlen(msg)) == 0 ?
	       "the same page, seen three ways" : "MISMATCH");
	close(fd);
	munmap(map, PAGE);
	unlink(path);
}

/* Two processes take turns adding 1; the counter's parity says whose turn it is. */
static void share_anonymous(void)
{
	volatile long *counter = mmap(0, PAGE, PROT_READ | PROT_WRITE,
				      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int pid, status;

	if (counter == MAP_FAILED)
		die("mmap anonymous");
	*counter = 0;
	pid = fork();
	if (pid < 0)
		die("fork");
	for (int i = 0; i < ROUNDS; i++) {
		int me = pid == 0;

		for (int spins = 0; (*counter & 1) != me; spins++)
			if (spins > 100000)
				sleep(1);	/* the other may be waiting for this hart */
		(*counter)++;
	}
	if (pid == 0)
		exit(0);
	wait(&status);
	printf("mmapshare: parent and child each added 1 to a shared counter %d times: "
	       "it holds %ld (expected %d)\n", ROUNDS, *counter, 2 * ROUNDS);
}

int main(int argc, char *argv[])
{
	share_a_file(argc > 1 ? argv[1] : "mmapshare.dat");
	share_anonymous();
	exit(0);
}
