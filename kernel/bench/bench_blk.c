/*
 * The swap disk's throughput (bench=swapdisk): what swapping a page at a
 * time costs next to the disk's large sequential requests. Linux has no
 * in-tree equivalent; fio or dd with oflag=direct measure the same from
 * user space.
 *
 * On the second virtio disk (vdb: where swap lives), SWAPDISK_BYTES from
 * byte SWAPDISK_START on are written, then read, three ways:
 *   seq   one synchronous request of SEQ_CHUNK at a time (blkdev_rw):
 *         the disk's raw sequential throughput;
 *   4k    a bio per 4 KiB page, all submitted before waiting, as
 *         swap_writepage() does one page at a time;
 *   plug  the same bios between blk_start_plug() and blk_finish_plug(),
 *         so that neighbours are merged into one request.
 * The page bios take their buffers from a pool of separate pages, as
 * swap's pages are: a merged request carries a data descriptor for each.
 * A sample repeats one kind of pass for at least SAMPLE_NS. Each round
 * takes a sample of every kind, so a slow moment of the host hits them
 * all; a round's ratios come from its own samples.
 *
 * The first page is never touched: on a swap disk it holds the header.
 * Only a disk that says it may be written is used: grading/bench.py's
 * scratch disk (BENCHDISK_MAGIC at byte 0) or a swap area ("SWAPSPACE2"
 * at the end of page 0); a bench boot runs no swapon.
 *
 * The sequential passes can also be run on demand in a running system,
 * through /proc/bench_swapdisk (below), so that user/tests/swapbench.c
 * can set what swap writes and reads per second beside what the same
 * disk does, in the same boot, round by round. Swap is on then, so those
 * passes use only the disk's spare region: the bytes past the last page
 * of the swap area its header describes.
 */
#include "bench/bench_internal.h"
#include "block/blkdev.h"
#include "atomic.h"
#include "completion.h"
#include "errno.h"
#include "printk.h"
#include "riscv.h"
#include "string.h"
#include "mm/gfp.h"
#include "mm/page.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"
#include "fs/proc_fs.h"
#include "fs/seq_file.h"
#include "init.h"
#include "mutex.h"
#include "uaccess.h"

#define SWAPDISK_NAME	"vdb"
#define SWAPDISK_START	SZ_1M
#define SEQ_CHUNK	SZ_1M
#define SEQ_ORDER	8		/* SEQ_CHUNK in pages, as an order */
#define POOL_PAGES	256
#define NR_BIOS		(SWAPDISK_BYTES / PAGE_SIZE)
#define SAMPLE_NS	(5 * BENCH_BATCH_NS)
#define BENCHDISK_MAGIC	"PAGODA-BENCHDISK\n"
#define SWAP_MAGIC	"SWAPSPACE2"
#define SWAP_LAST_PAGE	1028		/* its u32 last_page: struct swap_header_info, swapfile.c */

enum pass_kind { PASS_SEQ, PASS_4K, PASS_PLUG, NR_PASSES };

struct swapdisk {
	struct block_device *bdev;
	u64 start;			/* the first byte of the region measured */
	void *seq_buf;			/* SEQ_CHUNK, physically contiguous */
	struct page *pool[POOL_PAGES];
	struct bio *bios;		/* NR_BIOS, all in flight at once */
	atomic_t left, errors;
	struct completion done;
};

enum disk_kind { DISK_OTHER, DISK_BENCH, DISK_SWAP };

/*
 * What page 0 says the disk is: bench.py's scratch disk, a swap area
 * (then *last_page is its header's), or anything else, which is never
 * written. A negative errno if page 0 cannot be read.
 */
static int swapdisk_kind(struct block_device *bdev, u32 *last_page)
{
	char *page = kmalloc(PAGE_SIZE, GFP_KERNEL);
	int kind = page ? blkdev_rw(bdev, REQ_OP_READ, 0, page, PAGE_SIZE) : -ENOMEM;

	if (kind)
		goto out;
	if (!memcmp(page, BENCHDISK_MAGIC, sizeof(BENCHDISK_MAGIC) - 1)) {
		kind = DISK_BENCH;
	} else if (!memcmp(page + PAGE_SIZE - 10, SWAP_MAGIC, 10)) {
		memcpy(last_page, page + SWAP_LAST_PAGE, sizeof(*last_page));
		kind = DISK_SWAP;
	}
out:
	kfree(page);
	return kind;
}

/* May bench=swapdisk write past the first page? A file system or anything unknown: no. */
static bool swapdisk_writable(struct block_device *bdev)
{
	u32 last_page;

	return swapdisk_kind(bdev, &last_page) > DISK_OTHER;
}

/* MB/s (10^6 bytes, as ubench's) in thousandths. */
static u64 mbps_milli(u64 bytes, u64 ns)
{
	return ns ? bytes * 1000000 / ns : 0;
}

static int seq_pass(struct swapdisk *d, enum req_op op)
{
	int err = 0;

	for (u64 off = 0; off < SWAPDISK_BYTES && !err; off += SEQ_CHUNK)
		err = blkdev_rw(d->bdev, op, d->start + off, d->seq_buf, SEQ_CHUNK);
	return err;
}

/* In the disk's interrupt. */
static void page_end_io(struct bio *bio)
{
	struct swapdisk *d = bio->bi_private;

	if (bio->bi_status)
		atomic_inc(&d->errors);
	if (atomic_dec_and_test(&d->left))
		complete(&d->done);
}

static int page_pass(struct swapdisk *d, enum req_op op, bool plugged)
{
	struct blk_plug plug;

	atomic_set(&d->left, NR_BIOS);
	atomic_set(&d->errors, 0);
	init_completion(&d->done);
	if (plugged)
		blk_start_plug(&plug);
	for (unsigned long i = 0; i < NR_BIOS; i++) {
		d->bios[i] = (struct bio){
			.bi_bdev = d->bdev, .bi_opf = op,
			.bi_sector = (d->start + i * PAGE_SIZE) >> SECTOR_SHIFT,
			.bi_buf = page_address(d->pool[i % POOL_PAGES]), .bi_size = PAGE_SIZE,
			.bi_end_io = page_end_io, .bi_private = d,
		};
		submit_bio(&d->bios[i]);
	}
	if (plugged)
		blk_finish_plug(&plug);
	wait_for_completion(&d->done);
	return atomic_read(&d->errors) ? -EIO : 0;
}

/*
 * One sample: passes of one kind until min_ns have gone by, so that a
 * fast pass is not lost in the clock's resolution and a short stall of
 * the host; *mbps is their throughput in thousandths of MB/s.
 */
static int timed_pass(struct swapdisk *d, enum pass_kind kind, enum req_op op, u64 min_ns,
		      u64 *mbps)
{
	unsigned long start = get_cycles();
	u64 bytes = 0, ns;
	int err;

	do {
		if (kind == PASS_SEQ)
			err = seq_pass(d, op);
		else
			err = page_pass(d, op, kind == PASS_PLUG);
		bytes += SWAPDISK_BYTES;
		ns = bench_cycles_to_ns(get_cycles() - start);
	} while (!err && ns < min_ns);
	*mbps = mbps_milli(bytes, ns);
	return err;
}

static void swapdisk_free(struct swapdisk *d)
{
	for (int i = 0; i < POOL_PAGES; i++)
		if (d->pool[i])
			__free_page(d->pool[i]);
	if (d->seq_buf)
		free_pages((unsigned long)d->seq_buf, SEQ_ORDER);
	vfree(d->bios);
	kfree(d);
}

static struct swapdisk *swapdisk_alloc(struct block_device *bdev)
{
	struct swapdisk *d = kzalloc(sizeof(*d), GFP_KERNEL);

	if (!d)
		return NULL;
	d->bdev = bdev;
	d->start = SWAPDISK_START;
	d->seq_buf = (void *)__get_free_pages(GFP_KERNEL, SEQ_ORDER);
	d->bios = vzalloc(NR_BIOS * sizeof(struct bio));
	for (int i = 0; i < POOL_PAGES; i++) {
		d->pool[i] = alloc_page(GFP_KERNEL);
		if (!d->pool[i])
			goto fail;
		memset(page_address(d->pool[i]), i, PAGE_SIZE);
	}
	if (!d->seq_buf || !d->bios)
		goto fail;
	memset(d->seq_buf, 0x5a, SEQ_CHUNK);
	return d;
fail:
	swapdisk_free(d);
	return NULL;
}

/* r[kind][0] writes, r[kind][1] reads: every pass once per round, writes first. */
static int swapdisk_rounds(struct swapdisk *d, u64 r[NR_PASSES][2][BENCH_ROUNDS])
{
	u64 unused;
	int err = timed_pass(d, PASS_SEQ, REQ_OP_WRITE, SAMPLE_NS, &unused);	/* the host allocates */

	for (int round = 0; round < BENCH_ROUNDS && !err; round++)
		for (int dir = 0; dir < 2 && !err; dir++)
			for (int kind = 0; kind < NR_PASSES && !err; kind++)
				err = timed_pass(d, kind, dir ? REQ_OP_READ : REQ_OP_WRITE,
						 SAMPLE_NS, &r[kind][dir][round]);
	return err;
}

/* v[i] = a[i] / b[i] in thousandths, round by round. */
static void ratios(u64 *v, const u64 *a, const u64 *b)
{
	for (int i = 0; i < BENCH_ROUNDS; i++)
		v[i] = b[i] ? a[i] * 1000 / b[i] : 0;
}

static const char *const dir_names[2] = { "write", "read" };

/* The page passes against the sequential one, round by round. */
static void swapdisk_report_ratios(u64 unplugged[2][BENCH_ROUNDS], u64 plugged[2][BENCH_ROUNDS])
{
	char name[32], label[48];

	for (int dir = 0; dir < 2; dir++) {
		snprintf(name, sizeof(name), "swapdisk_4k_%s_vs_seq", dir_names[dir]);
		snprintf(label, sizeof(label), "%s: unplugged 4 KiB / sequential", dir_names[dir]);
		bench_report_factor(name, label, unplugged[dir]);
		snprintf(name, sizeof(name), "swapdisk_plug_%s_vs_seq", dir_names[dir]);
		snprintf(label, sizeof(label), "%s: plugged 4 KiB / sequential", dir_names[dir]);
		bench_report_ratio(name, label, plugged[dir], 500);
	}
}

static void swapdisk_report(u64 r[NR_PASSES][2][BENCH_ROUNDS])
{
	static const char *const names[NR_PASSES] = { "seq", "4k", "plug" };
	static const char *const labels[NR_PASSES] = {
		"1 MiB synchronous requests", "4 KiB bios, unplugged", "4 KiB bios, plugged",
	};
	u64 unplugged[2][BENCH_ROUNDS], plugged[2][BENCH_ROUNDS];
	char name[32], label[48];

	/* Before reporting: bench_report_bw() sorts the samples in place. */
	for (int dir = 0; dir < 2; dir++) {
		ratios(unplugged[dir], r[PASS_4K][dir], r[PASS_SEQ][dir]);
		ratios(plugged[dir], r[PASS_PLUG][dir], r[PASS_SEQ][dir]);
	}
	for (int dir = 0; dir < 2; dir++)
		for (int kind = 0; kind < NR_PASSES; kind++) {
			snprintf(name, sizeof(name), "swapdisk_%s_%s", names[kind], dir_names[dir]);
			snprintf(label, sizeof(label), "%s, %s", dir_names[dir], labels[kind]);
			bench_report_bw(name, label, r[kind][dir]);
		}
	swapdisk_report_ratios(unplugged, plugged);
}

void bench_swapdisk(void)
{
	static u64 r[NR_PASSES][2][BENCH_ROUNDS];
	struct block_device *bdev = blkdev_get_by_name(SWAPDISK_NAME);
	struct swapdisk *d;
	int err;

	if (!bdev) {
		bench_report_note("swapdisk: skipped, no " SWAPDISK_NAME
				  " (grading/bench.py attaches one)", "");
		return;
	}
	if (bdev->bd_nr_sectors < (SWAPDISK_START + SWAPDISK_BYTES) >> SECTOR_SHIFT ||
	    bdev->bd_read_only || !swapdisk_writable(bdev)) {
		bench_report_note("swapdisk: skipped, " SWAPDISK_NAME " is too small, read-only,",
				  "or neither a swap area nor bench.py's disk");
		return;
	}
	d = swapdisk_alloc(bdev);
	if (!d) {
		bench_report_error("swapdisk buffers", -ENOMEM);
		return;
	}
	err = swapdisk_rounds(d, r);
	swapdisk_free(d);
	if (err) {
		bench_report_error("swapdisk I/O on " SWAPDISK_NAME, err);
		return;
	}
	bench_report_note("swapdisk: " SWAPDISK_NAME ", 64 MiB passes from byte 1 MiB:", "");
	swapdisk_report(r);
}

/* ---- on demand: /proc/bench_swapdisk ---------------------------------------- */

/*
 * Writing MS (10..10000) to /proc/bench_swapdisk runs the sequential
 * passes on vdb's spare region, writes for at least MS milliseconds and
 * then reads as long, in the writer's context; reading the file shows
 * the last sample, in kB/s (1000 bytes; bench=swapdisk's MB/s x 1000):
 *
 *   region_start 1073741824
 *   region_bytes 67108864
 *   seq_write_kBps 5557311
 *   seq_read_kBps 6355240
 *
 * The spare region starts past the swap area (at the next MiB after its
 * header's last_page), or at SWAPDISK_START on bench.py's scratch disk;
 * a swap disk with no room past its area (the grader's swap.img) is
 * refused with ENOSPC, any other disk with EPERM, no vdb is ENODEV.
 * Linux has no such file: there, dd oflag=direct on a spare partition.
 */
#define ONDEMAND_MIN_MS	10
#define ONDEMAND_MAX_MS	10000

static DEFINE_MUTEX(ondemand_lock);	/* one sample at a time; guards the figures */
static u64 ondemand_start, ondemand_kbps[2];

int bench_swapdisk_spare_region(struct block_device *bdev, u64 *start)
{
	u32 last_page;
	int kind = swapdisk_kind(bdev, &last_page);

	if (kind < 0)
		return kind;
	if (kind == DISK_OTHER)
		return -EPERM;
	if (kind == DISK_BENCH)
		*start = SWAPDISK_START;
	else
		*start = ALIGN(((u64)last_page + 1) * PAGE_SIZE, SZ_1M);
	if ((u64)bdev->bd_nr_sectors << SECTOR_SHIFT < *start + SWAPDISK_BYTES)
		return -ENOSPC;
	return 0;
}

/* One write sample and one read sample of ms each; ondemand_lock held. */
static int ondemand_sample(unsigned long ms)
{
	struct block_device *bdev = blkdev_get_by_name(SWAPDISK_NAME);
	struct swapdisk *d;
	u64 kbps[2];
	int err;

	if (!bdev)
		return -ENODEV;
	if (bdev->bd_read_only)
		return -EROFS;
	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	d->bdev = bdev;
	err = bench_swapdisk_spare_region(bdev, &d->start);
	d->seq_buf = err ? NULL : (void *)__get_free_pages(GFP_KERNEL, SEQ_ORDER);
	if (!err && !d->seq_buf)
		err = -ENOMEM;
	if (!err) {
		memset(d->seq_buf, 0x5a, SEQ_CHUNK);
		err = timed_pass(d, PASS_SEQ, REQ_OP_WRITE, ms * NSEC_PER_MSEC, &kbps[0]);
	}
	if (!err)
		err = timed_pass(d, PASS_SEQ, REQ_OP_READ, ms * NSEC_PER_MSEC, &kbps[1]);
	if (!err) {
		ondemand_start = d->start;
		ondemand_kbps[0] = kbps[0];
		ondemand_kbps[1] = kbps[1];
	}
	swapdisk_free(d);
	return err;
}

static int bench_swapdisk_show(struct seq_file *m, void *v)
{
	mutex_lock(&ondemand_lock);
	seq_printf(m, "region_start %lu\nregion_bytes %lu\nseq_write_kBps %lu\nseq_read_kBps %lu\n",
		   ondemand_start, ondemand_start ? SWAPDISK_BYTES : 0UL, ondemand_kbps[0],
		   ondemand_kbps[1]);
	mutex_unlock(&ondemand_lock);
	return 0;
}

static int bench_swapdisk_open(struct inode *inode, struct file *file)
{
	return single_open(file, bench_swapdisk_show, NULL);
}

/* The whole number in one write() at offset 0, as a sysctl takes it. */
static ssize_t bench_swapdisk_write(struct file *file, const char __user *buf, size_t count,
				    loff_t *ppos)
{
	char kbuf[16];
	unsigned long ms;
	int err;

	if (*ppos || !count || count >= sizeof(kbuf))
		return -EINVAL;
	if (copy_from_user(kbuf, buf, count))
		return -EFAULT;
	kbuf[count] = '\0';
	if (kstrtoul(kbuf, 10, &ms) || ms < ONDEMAND_MIN_MS || ms > ONDEMAND_MAX_MS)
		return -EINVAL;
	mutex_lock(&ondemand_lock);
	err = ondemand_sample(ms);
	mutex_unlock(&ondemand_lock);
	if (err)
		return err;
	*ppos += count;
	return count;
}

static const struct proc_ops bench_swapdisk_ops = {
	.proc_open = bench_swapdisk_open,
	.proc_read = seq_read,
	.proc_write = bench_swapdisk_write,
	.proc_release = single_release,
	.proc_read_kernel = seq_read_kernel,
};

static int bench_swapdisk_init(void)
{
	return proc_create("bench_swapdisk", 0600, NULL, &bench_swapdisk_ops) ? 0 : -ENOMEM;
}
late_initcall(bench_swapdisk_init);
