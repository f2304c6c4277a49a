/*
 * procfs's own structures (Linux: fs/proc/internal.h).
 *
 * /proc is a tree of proc_dir_entry, built in memory by proc_create()
 * and proc_mkdir(); nothing is on disk. An inode is made for an entry
 * when a path lookup reaches it, and points back at it through
 * i_private. The numbered directories /proc/<pid> are not in the tree:
 * the root's lookup and readdir make them from the task list (base.c).
 *
 * Lifetime: an entry holds a reference for being in the tree and one
 * for each inode made for it, so remove_proc_entry() can unlink it while
 * files are open. proc_subdir_lock protects every subdir list.
 */
#ifndef _KERNEL_FS_PROC_INTERNAL_H
#define _KERNEL_FS_PROC_INTERNAL_H

#include "types.h"
#include "list.h"
#include "atomic.h"
#include "spinlock.h"
#include "fs.h"
#include "fs/vfs.h"
#include "fs/proc_fs.h"
#include "fs/seq_file.h"
#include "sched.h"

struct proc_dir_entry {
	unsigned long low_ino;		/* its inode number */
	umode_t mode;			/* S_IFDIR or S_IFREG | permissions */
	atomic_t refcnt;
	struct proc_dir_entry *parent;
	struct list_head subdir;	/* children, if a directory */
	struct list_head subdir_node;	/* in parent->subdir */
	const struct proc_ops *proc_ops;
	int (*single_show)(struct seq_file *m, void *v);	/* or NULL */
	void *data;
	bool removed;
	int namelen;
	char name[];			/* NUL-terminated */
};

extern struct proc_dir_entry proc_root;
extern spinlock_t proc_subdir_lock;

/*
 * Inode numbers. The root is 1; tree entries count up from 2; the files
 * of /proc/<pid> are PROC_PID_INO(pid, i), so the number names its pid.
 * (Linux allocates tree numbers with an IDA and keeps the pid in
 * struct proc_inode; Pagoda's inode has no room for it, so it is encoded.)
 */
#define PROC_ROOT_INO		1
#define PROC_PID_INO_BASE	0x1000UL
#define PROC_PID_NR_INO		16	/* the pid directory and its files */
#define PROC_PID_INO(pid, i)	(PROC_PID_INO_BASE + (unsigned long)(pid) * PROC_PID_NR_INO + (i))

static inline int proc_ino_pid(unsigned long ino)
{
	return ino < PROC_PID_INO_BASE ? -1 : (int)((ino - PROC_PID_INO_BASE) / PROC_PID_NR_INO);
}

static inline int proc_ino_index(unsigned long ino)
{
	return (ino - PROC_PID_INO_BASE) % PROC_PID_NR_INO;
}

static inline struct proc_dir_entry *PDE(const struct inode *inode)
{
	return inode->i_private;
}

/* generic.c */
void pde_get(struct proc_dir_entry *de);
void pde_put(struct proc_dir_entry *de);
/* A referenced child of dir called (name, len), or NULL. */
struct proc_dir_entry *pde_subdir_find(struct proc_dir_entry *dir, const char *name, int len);
struct inode *proc_lookup_de(struct inode *dir, struct proc_dir_entry *de,
			     const char *name, int len);

/*
 * Directory reading: collects (inode, name) records and hands them out
 * as xv6 struct dirent at f_pos (fs.h), which is what read() on a
 * directory returns in Pagoda whatever the file system.
 */
struct proc_dirents {
	struct dirent *ents;
	int nr, cap;
};
int proc_dirents_init(struct proc_dirents *d, int cap);
void proc_dir_emit(struct proc_dirents *d, const char *name, int len, unsigned long ino);
void proc_dirents_subdir(struct proc_dirents *d, struct proc_dir_entry *de);
ssize_t proc_readdir_common(struct file *file, void *buf, bool kernel, size_t count,
			    loff_t *pos, int cap,
			    int (*fill)(struct file *file, struct proc_dirents *d));

/* inode.c */
struct inode *proc_get_inode(struct super_block *sb, struct proc_dir_entry *de);
extern const struct super_operations proc_sops;
extern const struct file_operations proc_reg_file_ops;
extern const struct inode_operations proc_dir_inode_operations;
extern const struct file_operations proc_dir_operations;
/* root.c */
extern const struct inode_operations proc_root_inode_operations;
extern const struct file_operations proc_root_operations;

/* base.c: /proc/<pid> and /proc/self */
struct inode *proc_pid_lookup(struct super_block *sb, const char *name, int len);
int proc_pid_readdir(struct proc_dirents *d);

/*
 * What a /proc/<pid> file prints about a task, copied under
 * tasklist_lock so the task may exit meanwhile; mm is referenced
 * (mm_users) and NULL for kernel threads and zombies.
 */
struct proc_task_info {
	int pid, ppid;
	char comm[TASK_COMM_LEN];
	long state;
	unsigned int flags;
	int on_cpu, exit_code;
	u64 start_time, utime_ticks, stime_ticks;
	unsigned long nvcsw, nivcsw;
	unsigned long min_flt, maj_flt, cmin_flt, cmaj_flt;
	struct mm_struct *mm;
};
/* 0, or -ESRCH if no task has that pid. */
int proc_task_info_get(int pid, struct proc_task_info *ti);
void proc_task_info_put(struct proc_task_info *ti);

/* VMA totals, in pages (Linux keeps them in mm_struct as VMAs change). */
struct proc_mm_totals {
	unsigned long total_vm, data_vm, stack_vm, exec_vm;
};
/* task_mmu.c: sums the VMAs under mmap_lock; task_mem prints the Vm* lines. */
void proc_mm_totals(struct mm_struct *mm, struct proc_mm_totals *t);
void task_mem(struct seq_file *m, struct mm_struct *mm);
/* The lines of /proc/<pid>/maps for mm. */
void proc_maps_show_mm(struct seq_file *m, struct mm_struct *mm);

/* The files of /proc/<pid>: show(m, pid); -ESRCH once the task is gone. */
int proc_pid_status(struct seq_file *m, int pid);
int proc_pid_stat(struct seq_file *m, int pid);
int proc_pid_statm(struct seq_file *m, int pid);
int proc_pid_maps(struct seq_file *m, int pid);
int proc_pid_comm(struct seq_file *m, int pid);
int proc_pid_cmdline(struct seq_file *m, int pid);
/* array.c: mm's argument strings, at most PROC_CMDLINE_MAX bytes. */
#define PROC_CMDLINE_MAX (256UL << 10)
void proc_mm_cmdline(struct seq_file *m, struct mm_struct *mm);

/* proc_sysctl.c */
int proc_sys_init(void);

#endif
