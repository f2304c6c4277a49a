/*
 * fsck: check a pgfs image on the host (Linux: e2fsck from e2fsprogs,
 * which also replays the journal first and can repair; this one only
 * reports).
 *
 *     fsck fs.img
 *
 * A committed transaction left in the log is replayed in memory first,
 * as mount would. Then: the super block is sane; every allocated inode
 * has a valid type and its blocks lie in the data area, each used once;
 * every directory's entries name allocated inodes with valid names, "."
 * is itself and ".." its parent; every inode is reachable from the root
 * and its link count equals the directory entries naming it; the bitmap
 * marks exactly the metadata and the blocks in use. An inode with no links
 * and no entries is an orphan a crash left while it was being freed: the
 * next mount frees it, so it is reported but is not an error.
 * Exit 0 if consistent, 1 with the problems listed, 2 if unreadable.
 */
#include "pgfs_host.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_REPORTS 50

static unsigned char *img;
static size_t img_blocks;
static struct superblock sb;
static uint datastart;
static int problems;
static uint *owner;		/* per block: the inode using it, 0 if none */
static int *refs;		/* per inode: directory entries naming it */
static uint *parent;		/* per directory inode: the directory holding it */

static void problem(const char *fmt, ...)
{
	va_list ap;

	if (problems++ < MAX_REPORTS) {
		va_start(ap, fmt);
		printf("fsck: ");
		vprintf(fmt, ap);
		printf("\n");
		va_end(ap);
	}
}

static unsigned char *block(uint b)
{
	return img + (size_t)b * BSIZE;
}

static struct dinode *dinode(uint inum)
{
	return (struct dinode *)block(IBLOCK(inum, sb)) + inum % IPB;
}

static int check_super(void)
{
	uint ninodeblocks = (sb.ninodes + IPB - 1) / IPB, nbitmap = (sb.size + BPB - 1) / BPB;

	if (sb.magic != FSMAGIC) {
		printf("fsck: bad magic %#x (want %#x)\n", sb.magic, FSMAGIC);
		return -1;
	}
	if (sb.size > img_blocks || sb.nblocks >= sb.size || sb.nlog < 2 || sb.nlog > LOGHDR_MAX + 1 ||
	    sb.ninodes <= ROOTINO || sb.ninodes > 65536 || sb.logstart < 2 ||
	    sb.inodestart < sb.logstart + sb.nlog || sb.bmapstart < sb.inodestart + ninodeblocks ||
	    sb.size - sb.nblocks < sb.bmapstart + nbitmap) {
		printf("fsck: super block inconsistent: size %u nblocks %u ninodes %u nlog %u logstart %u "
		       "inodestart %u bmapstart %u (image %zu blocks)\n", sb.size, sb.nblocks, sb.ninodes,
		       sb.nlog, sb.logstart, sb.inodestart, sb.bmapstart, img_blocks);
		return -1;
	}
	datastart = sb.size - sb.nblocks;
	return 0;
}

/* What mount does after a crash: copy a committed transaction home. */
static void replay_log(void)
{
	struct logheader *lh = (struct logheader *)block(sb.logstart);
	uint i;

	if (lh->n == 0)
		return;
	if (lh->n > sb.nlog - 1 || lh->n > LOGHDR_MAX) {
		problem("log header holds %u blocks; the log has room for %u", lh->n, sb.nlog - 1);
		return;
	}
	for (i = 0; i < lh->n; i++) {
		if (lh->block[i] < sb.logstart + sb.nlog || lh->block[i] >= sb.size) {
			problem("log entry %u names block %u outside the file system", i, lh->block[i]);
			return;
		}
	}
	printf("fsck: replaying %u logged blocks (a committed transaction)\n", lh->n);
	for (i = 0; i < lh->n; i++)
		memcpy(block(lh->block[i]), block(sb.logstart + 1 + i), BSIZE);
	lh->n = 0;
}

static void use_block(uint inum, uint b, const char *what)
{
	if (b < datastart || b >= sb.size) {
		problem("inode %u: %s block %u outside the data area [%u, %u)", inum, what, b, datastart, sb.size);
		return;
	}
	if (owner[b])
		problem("block %u used twice: by inode %u and inode %u", b, owner[b], inum);
	else
		owner[b] = inum;
}

/* Claim the blocks under a pointer block of the given depth (1 or 2). */
static void use_tree(uint inum, uint b, int depth)
{
	uint *a, i;

	use_block(inum, b, depth == 2 ? "doubly indirect" : "indirect");
	if (b < datastart || b >= sb.size)
		return;
	a = (uint *)block(b);
	for (i = 0; i < NINDIRECT; i++) {
		if (!a[i])
			continue;
		if (depth == 2)
			use_tree(inum, a[i], 1);
		else
			use_block(inum, a[i], "data");
	}
}

static void check_inodes(void)
{
	uint inum, i;
	struct dinode *d;

	for (inum = ROOTINO; inum < sb.ninodes; inum++) {
		d = dinode(inum);
		if (d->type == 0)
			continue;
		if (d->type != T_DIR && d->type != T_FILE && d->type != T_DEVICE) {
			problem("inode %u: bad type %d", inum, d->type);
			continue;
		}
		if ((uint64_t)d->size > (uint64_t)MAXFILE * BSIZE)
			problem("inode %u: size %u beyond the largest file", inum, d->size);
		if (d->type == T_DIR && d->size % sizeof(struct pgfs_dirent))
			problem("directory %u: size %u not a multiple of %zu", inum, d->size,
				sizeof(struct pgfs_dirent));
		for (i = 0; i < NDIRECT; i++)
			if (d->addrs[i])
				use_block(inum, d->addrs[i], "data");
		if (d->addrs[NDIRECT])
			use_tree(inum, d->addrs[NDIRECT], 1);
		if (d->addrs[NDIRECT + 1])
			use_tree(inum, d->addrs[NDIRECT + 1], 2);
	}
}

/* The disk block of file block fbn, 0 for a hole or a bad pointer. */
static uint bmap(struct dinode *d, uint fbn)
{
	uint b;

	if (fbn < NDIRECT)
		return d->addrs[fbn];
	fbn -= NDIRECT;
	if (fbn < NINDIRECT) {
		b = d->addrs[NDIRECT];
		return b >= datastart && b < sb.size ? ((uint *)block(b))[fbn] : 0;
	}
	fbn -= NINDIRECT;
	b = d->addrs[NDIRECT + 1];
	if (fbn >= NDINDIRECT || b < datastart || b >= sb.size)
		return 0;
	b = ((uint *)block(b))[fbn / NINDIRECT];
	return b >= datastart && b < sb.size ? ((uint *)block(b))[fbn % NINDIRECT] : 0;
}

static int name_ok(const char *name)
{
	int i, len = strnlen(name, DIRSIZ);

	if (len == 0)
		return 0;
	for (i = 0; i < len; i++)
		if (name[i] == '/')
			return 0;
	for (i = len; i < DIRSIZ; i++)
		if (name[i])
			return 0;	/* NUL padding only */
	return 1;
}

static void check_dir(uint dir, uint *queue, uint *qtail)
{
	struct dinode *d = dinode(dir);
	struct pgfs_dirent *de;
	uint off, b, n = 0;
	int dot = 0, dotdot = 0;

	for (off = 0; off + sizeof(*de) <= d->size; off += sizeof(*de)) {
		b = bmap(d, off / BSIZE);
		if (b < datastart || b >= sb.size)
			continue;	/* a hole: free entries */
		de = (struct pgfs_dirent *)(block(b) + off % BSIZE);
		if (!de->inum)
			continue;
		n++;
		if (!name_ok(de->name)) {
			problem("directory %u: entry at %u has a bad name", dir, off);
			continue;
		}
		if (de->inum < ROOTINO || de->inum >= sb.ninodes || dinode(de->inum)->type == 0) {
			problem("directory %u: %.30s names inode %u, which is not allocated", dir, de->name, de->inum);
			continue;
		}
		refs[de->inum]++;
		if (!strcmp(de->name, ".")) {
			dot++;
			if (de->inum != dir)
				problem("directory %u: \".\" is inode %u", dir, de->inum);
		} else if (!strcmp(de->name, "..")) {
			dotdot++;
			if (de->inum != parent[dir])
				problem("directory %u: \"..\" is inode %u, its parent is %u", dir, de->inum, parent[dir]);
		} else if (dinode(de->inum)->type == T_DIR) {
			if (parent[de->inum]) {
				problem("directory %u has two parents (%u and %u)", de->inum, parent[de->inum], dir);
				continue;
			}
			parent[de->inum] = dir;
			queue[(*qtail)++] = de->inum;
		}
	}
	if (dot != 1 || dotdot != 1)
		problem("directory %u: %d \".\" and %d \"..\" entries (want one each)", dir, dot, dotdot);
}

static void check_tree(void)
{
	uint *queue = calloc(sb.ninodes, sizeof(uint)), head = 0, tail = 0;

	if (dinode(ROOTINO)->type != T_DIR) {
		problem("root inode %d is not a directory", ROOTINO);
		free(queue);
		return;
	}
	parent[ROOTINO] = ROOTINO;
	queue[tail++] = ROOTINO;
	while (head < tail)
		check_dir(queue[head++], queue, &tail);
	free(queue);
}

static int check_links(void)
{
	uint inum, orphans = 0;
	struct dinode *d;

	for (inum = ROOTINO; inum < sb.ninodes; inum++) {
		d = dinode(inum);
		if (d->type == 0)
			continue;
		if (refs[inum] == 0 && d->nlink == 0) {
			printf("fsck: inode %u is an orphan (no links; the next mount frees it)\n", inum);
			orphans++;
		} else if (refs[inum] == 0) {
			problem("inode %u (type %d, %d links) is not reachable from the root", inum, d->type, d->nlink);
		} else if (refs[inum] != d->nlink) {
			problem("inode %u: link count %d, but %d directory entries name it", inum, d->nlink, refs[inum]);
		}
	}
	return orphans;
}

static void check_bitmap(void)
{
	uint b;
	int marked, used;

	for (b = 0; b < sb.size; b++) {
		marked = !!(block(BBLOCK(b, sb))[(b % BPB) / 8] & (1 << (b % 8)));
		used = b < datastart || owner[b];
		if (marked && !used)
			problem("block %u is marked in use but nothing uses it", b);
		else if (!marked && used)
			problem(b < datastart ? "metadata block %u is marked free"
				: "block %u is used but marked free", b);
	}
}

int main(int argc, char **argv)
{
	FILE *f;
	long len;
	uint inum, files = 0, dirs = 0, used = 0, b;
	int orphans;

	if (argc != 2) {
		fprintf(stderr, "usage: fsck fs.img\n");
		return 2;
	}
	f = fopen(argv[1], "rb");
	if (!f || fseek(f, 0, SEEK_END) || (len = ftell(f)) < 2 * BSIZE || fseek(f, 0, SEEK_SET)) {
		fprintf(stderr, "fsck: %s: cannot read an image\n", argv[1]);
		return 2;
	}
	img_blocks = len / BSIZE;
	img = malloc(img_blocks * BSIZE);
	if (!img || fread(img, BSIZE, img_blocks, f) != img_blocks) {
		fprintf(stderr, "fsck: %s: read failed\n", argv[1]);
		return 2;
	}
	fclose(f);
	memcpy(&sb, block(1), sizeof(sb));
	if (check_super() < 0) {
		printf("fsck: %s: 1 problem\n", argv[1]);
		return 1;
	}
	owner = calloc(sb.size, sizeof(*owner));
	refs = calloc(sb.ninodes, sizeof(*refs));
	parent = calloc(sb.ninodes, sizeof(*parent));
	replay_log();
	check_inodes();
	check_tree();
	orphans = check_links();
	check_bitmap();

	for (inum = ROOTINO; inum < sb.ninodes; inum++) {
		files += dinode(inum)->type == T_FILE || dinode(inum)->type == T_DEVICE;
		dirs += dinode(inum)->type == T_DIR;
	}
	for (b = datastart; b < sb.size; b++)
		used += owner[b] != 0;
	if (problems > MAX_REPORTS)
		printf("fsck: ... and %d more\n", problems - MAX_REPORTS);
	printf("fsck: %s: %u blocks, %u/%u inodes (%u directories, %u files, %d orphans), "
	       "%u/%u data blocks used: %s\n", argv[1], sb.size, files + dirs, sb.ninodes - ROOTINO,
	       dirs, files, orphans, used, sb.nblocks,
	       problems ? "INCONSISTENT" : "clean");
	if (problems)
		printf("fsck: %d problem%s\n", problems, problems == 1 ? "" : "s");
	return problems ? 1 : 0;
}
