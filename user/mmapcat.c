/*
 * mmapcat: cat through mmap(). Each file is mapped MAP_PRIVATE,
 * PROT_READ, and written out straight from the mapping: no read(), no
 * buffer. Its pages come from the page cache on first touch
 * (filemap_fault); with -v, the faults are counted on stderr: a file
 * already cached costs minor faults only, one per page, a cold one
 * major faults for what readahead had not brought in yet.
 *
 *   mmapcat [-v] FILE...
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "kernel/stat.h"
#include "user/user.h"
#include "user/proc.h"

#define PAGE 4096

static int cat_one(const char *path, int verbose)
{
	unsigned long min0, maj0, pages;
	struct stat st;
	char *map;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st) < 0) {
		fprintf(2, "mmapcat: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return 1;
	}
	if (st.size == 0) {
		close(fd);
		return 0;
	}
	map = mmap(0, st.size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);		/* the mapping keeps the file */
	if (map == MAP_FAILED) {
		fprintf(2, "mmapcat: mmap %s: %s\n", path, strerror(errno));
		return 1;
	}
	min0 = proc_self_stat_field(PROC_STAT_MINFLT);
	maj0 = proc_self_stat_field(PROC_STAT_MAJFLT);
	for (uint64 off = 0; off < st.size;) {
		int n = write(1, map + off, st.size - off > 65536 ? 65536 : st.size - off);

		if (n <= 0) {
			fprintf(2, "mmapcat: write: %s\n", strerror(errno));
			munmap(map, st.size);
			return 1;
		}
		off += n;
	}
	pages = (st.size + PAGE - 1) / PAGE;
	if (verbose)
		fprintf(2, "mmapcat: %s: %lu bytes, %lu pages: %lu minor + %lu major faults "
			"(expected %lu in all)\n", path, (unsigned long)st.size, pages,
			proc_self_stat_field(PROC_STAT_MINFLT) - min0,
			proc_self_stat_field(PROC_STAT_MAJFLT) - maj0, pages);
	munmap(map, st.size);
	return 0;
}

int main(int argc, char *argv[])
{
	int verbose = 0, err = 0, i = 1;

	if (i < argc && strcmp(argv[i], "-v") == 0) {
		verbose = 1;
		i++;
	}
	if (i == argc) {
		fprintf(2, "usage: mmapcat [-v] FILE...\n");
		exit(1);
	}
	for (; i < argc; i++)
		err |= cat_one(argv[i], verbose);
	exit(err);
}
