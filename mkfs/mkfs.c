/*
 * mkfs: build a pgfs image on the host (xv6: mkfs/mkfs.c; Linux: mke2fs
 * from e2fsprogs).
 *
 *     mkfs [-s blocks] [-i inodes] [-d rootfs] fs.img [program ...]
 *
 * The image has the layout of kernel/fs.h, an empty log, a root directory
 * holding /proc (where procfs is mounted) and /dev, each program under its
 * base name, and the tree under the -d directory copied in (see
 * mkfs/README.md). The whole image is built in memory, then written.
 */
#include "pgfs_host.h"
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static unsigned char *img;
static struct superblock sb;
static uint next_inum = ROOTINO;
static uint next_block;			/* first free data block */

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "mkfs: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

static unsigned char *block(uint b)
{
	if (b >= sb.size)
		die("block %u outside the image", b);
	return img + (size_t)b * BSIZE;
}

static struct dinode *dinode(uint inum)
{
	return (struct dinode *)block(IBLOCK(inum, sb)) + inum % IPB;
}

static uint balloc(void)
{
	if (next_block >= sb.size)
		die("image full: make FSSIZE larger (now %u blocks)", sb.size);
	return next_block++;	/* blocks in a fresh image are zero already */
}

static uint ialloc(short type)
{
	struct dinode *d;

	if (next_inum >= sb.ninodes)
		die("out of inodes: use -i (now %u)", sb.ninodes);
	d = dinode(next_inum);
	d->type = type;
	d->nlink = 0;
	return next_inum++;
}

/* Entry i of the pointer block at *slot, allocating the block if needed. */
static uint *pointer(uint *slot, uint i)
{
	if (!*slot)
		*slot = balloc();
	return (uint *)block(*slot) + i;
}

/* The disk block of file block fbn, allocated if it has none. */
static uint bmap(struct dinode *d, uint fbn)
{
	uint *slot;

	if (fbn < NDIRECT) {
		slot = &d->addrs[fbn];
	} else if ((fbn -= NDIRECT) < NINDIRECT) {
		slot = pointer(&d->addrs[NDIRECT], fbn);
	} else if ((fbn -= NINDIRECT) < NDINDIRECT) {
		slot = pointer(pointer(&d->addrs[NDIRECT + 1], fbn / NINDIRECT), fbn % NINDIRECT);
	} else {
		die("file too big (more than %lu blocks)", (unsigned long)MAXFILE);
	}
	if (!*slot)
		*slot = balloc();
	return *slot;
}

static void iappend(uint inum, const void *data, size_t n)
{
	struct dinode *d = dinode(inum);
	const char *p = data;
	size_t m;

	while (n > 0) {
		uint off = d->size % BSIZE;

		m = BSIZE - off < n ? BSIZE - off : n;
		memcpy(block(bmap(d, d->size / BSIZE)) + off, p, m);
		d->size += m;
		p += m;
		n -= m;
	}
}

static uint dirlookup(uint dir, const char *name)
{
	struct dinode *d = dinode(dir);
	struct pgfs_dirent *de;
	uint off;

	for (off = 0; off < d->size; off += sizeof(*de)) {
		de = (struct pgfs_dirent *)(block(bmap(d, off / BSIZE)) + off % BSIZE);
		if (de->inum && strncmp(de->name, name, DIRSIZ) == 0)
			return de->inum;
	}
	return 0;
}

/* Add name -> inum to dir; every entry counts one link. */
static void dirlink(uint dir, const char *name, uint inum)
{
	struct pgfs_dirent de;

	if (strlen(name) > DIRSIZ)
		die("name too long (more than %d bytes): %s", DIRSIZ, name);
	if (dirlookup(dir, name))
		die("two files named %s in one directory", name);
	memset(&de, 0, sizeof(de));
	de.inum = inum;
	memcpy(de.name, name, strlen(name));	/* NUL-padded, not terminated at DIRSIZ */
	iappend(dir, &de, sizeof(de));
	dinode(inum)->nlink++;
}

static uint make_dir(uint parent, const char *name)
{
	uint inum = dirlookup(parent, name);

	if (inum) {
		if (dinode(inum)->type != T_DIR)
			die("%s is a file and a directory", name);
		return inum;
	}
	inum = ialloc(T_DIR);
	dirlink(inum, ".", inum);
	dirlink(inum, "..", parent);
	dirlink(parent, name, inum);
	return inum;
}

static void add_file(uint dir, const char *name, const char *path)
{
	char buf[BSIZE * 16];
	size_t n;
	FILE *f = fopen(path, "rb");
	uint inum;

	if (!f)
		die("%s: %s", path, strerror(errno));
	inum = ialloc(T_FILE);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		iappend(inum, buf, n);
	if (ferror(f))
		die("%s: read error", path);
	fclose(f);
	dirlink(dir, name, inum);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Copy the host directory `path` into directory inode `dir`, sorted by name. */
static void add_tree(uint dir, const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char **names = NULL, full[4096];
	size_t n = 0, i;
	struct stat st;

	if (!d)
		die("%s: %s", path, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || !strcmp(e->d_name, ".gitkeep"))
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		snprintf(full, sizeof(full), "%s/%s", path, names[i]);
		if (stat(full, &st) < 0)
			die("%s: %s", full, strerror(errno));
		if (S_ISDIR(st.st_mode))
			add_tree(make_dir(dir, names[i]), full);
		else if (S_ISREG(st.st_mode))
			add_file(dir, names[i], full);
		else
			fprintf(stderr, "mkfs: %s: not a file or directory, skipped\n", full);
		free(names[i]);
	}
	free(names);
}

static void layout(uint size, uint ninodes)
{
	uint ninodeblocks = (ninodes + IPB - 1) / IPB, nbitmap = (size + BPB - 1) / BPB;

	sb.magic = FSMAGIC;
	sb.size = size;
	sb.ninodes = ninodes;
	sb.nlog = NLOG_DEFAULT;
	sb.logstart = 2;
	sb.inodestart = sb.logstart + sb.nlog;
	sb.bmapstart = sb.inodestart + ninodeblocks;
	if (sb.bmapstart + nbitmap + 16 > size)
		die("%u blocks is too small", size);
	sb.nblocks = size - (sb.bmapstart + nbitmap);
	next_block = sb.bmapstart + nbitmap;
}

static void write_bitmap(void)
{
	uint b;

	for (b = 0; b < next_block; b++)
		block(BBLOCK(b, sb))[(b % BPB) / 8] |= 1 << (b % 8);
}

static void usage(void)
{
	fprintf(stderr, "usage: mkfs [-s blocks] [-i inodes] [-d rootfs-dir] fs.img [program ...]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	uint size = FSSIZE_DEFAULT, ninodes = NINODES_DEFAULT, root;
	const char *tree = NULL, *out;
	FILE *f;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i += 2) {
		if (i + 1 >= argc)
			usage();
		if (!strcmp(argv[i], "-s"))
			size = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "-i"))
			ninodes = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "-d"))
			tree = argv[i + 1];
		else
			usage();
	}
	if (i >= argc)
		usage();
	out = argv[i++];
	if (ninodes <= ROOTINO + 2 || ninodes > 65536)
		die("inodes must be between %d and 65536", ROOTINO + 3);
	layout(size, ninodes);
	img = calloc(size, BSIZE);
	if (!img)
		die("out of memory for a %u-block image", size);
	memcpy(block(1), &sb, sizeof(sb));

	root = ialloc(T_DIR);
	if (root != ROOTINO)
		die("root is inode %u, not %d", root, ROOTINO);
	dirlink(root, ".", root);
	dirlink(root, "..", root);
	make_dir(root, "proc");
	make_dir(root, "dev");
	for (; i < argc; i++) {
		const char *base = strrchr(argv[i], '/');

		base = base ? base + 1 : argv[i];
		if (*base == '_')
			base++;		/* xv6's _cat style */
		add_file(root, base, argv[i]);
	}
	if (tree)
		add_tree(root, tree);
	write_bitmap();

	f = fopen(out, "wb");
	if (!f || fwrite(img, BSIZE, size, f) != size || fclose(f))
		die("%s: %s", out, strerror(errno));
	printf("mkfs: %s: %u blocks (%u log, %u inode, %u bitmap, %u data), %u of %u inodes and %u data blocks used\n",
	       out, size, sb.nlog, sb.bmapstart - sb.inodestart, (size + BPB - 1) / BPB, sb.nblocks,
	       next_inum - ROOTINO, ninodes - ROOTINO, next_block - (size - sb.nblocks));
	return 0;
}
