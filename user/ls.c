/*
 * ls: list files, in xv6's format (Linux: coreutils ls -i, roughly):
 *
 *   name (padded to DIRSIZ)  type  inode  size
 *
 * type is T_DIR 1, T_FILE 2 or T_DEVICE 3 (kernel/stat.h). A directory
 * lists its entries, "." and ".." included, in the order it holds them;
 * read() on a directory returns struct dirent records (kernel/fs.h)
 * whatever the file system, so this works on /proc too.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/fs.h"
#include "kernel/param.h"
#include "user/user.h"

static void print_entry(const char *name, const struct stat *st)
{
	printf("%-*s %d %d %lu\n", DIRSIZ, name, st->type, st->ino, (unsigned long)st->size);
}

/* The last component of path (what ls prints for a file named on the command line). */
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash && slash[1] ? slash + 1 : path;
}

/* 0, or -1 after saying what went wrong. */
static int list_dir(int fd, const char *path)
{
	char full[MAXPATH + DIRSIZ + 2], name[DIRSIZ + 1];
	struct dirent de;
	struct stat st;
	int len = strlen(path), n, status = 0;

	if (len + 1 + DIRSIZ + 1 > (int)sizeof(full)) {
		fprintf(2, "ls: %s: path too long\n", path);
		return -1;
	}
	strcpy(full, path);
	if (len == 0 || full[len - 1] != '/')
		full[len++] = '/';
	while ((n = read(fd, &de, sizeof(de))) == sizeof(de)) {
		if (de.inum == 0)	/* a free slot */
			continue;
		memmove(name, de.name, DIRSIZ);
		name[DIRSIZ] = '\0';	/* a name of exactly DIRSIZ has no NUL */
		strcpy(full + len, name);
		if (stat(full, &st) < 0) {
			fprintf(2, "ls: cannot stat %s: %s\n", full, strerror(errno));
			status = -1;
			continue;
		}
		print_entry(name, &st);
	}
	if (n < 0) {
		fprintf(2, "ls: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return status;
}

static int ls(const char *path)
{
	struct stat st;
	int fd, status = 0;

	fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(2, "ls: cannot access %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		fprintf(2, "ls: cannot stat %s: %s\n", path, strerror(errno));
		status = -1;
	} else if (st.type == T_DIR) {
		status = list_dir(fd, path);
	} else {
		print_entry(base_name(path), &st);
	}
	close(fd);
	return status;
}

int main(int argc, char *argv[])
{
	int status = 0;

	if (argc < 2)
		exit(ls(".") < 0);
	for (int i = 1; i < argc; i++)
		status |= ls(argv[i]);
	exit(status < 0);
}
