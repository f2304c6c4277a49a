"""Writeback survives a reboot: data written into the page cache reaches
the disk by fsync, by msync, by the flusher thread on its own (each then
survives a crash), or by the sync at shutdown (issue 4, "writeback
survives a reboot").

Each test boots a writable copy of fs.img, makes a 64 KiB file of 'A's
and syncs it (user/tests/wbtest.c), overwrites it in place one way, then
kills QEMU (SIGKILL: nothing more is written) and boots the image again
to see what the file holds.
"""
import os
import shutil
import time

from gradelib import Failure, grade_test

FILE = 'wb.dat'


def crash_after(t, name, mode, expect, settle=0.0, sysctl=(), shutdown=False):
    image = os.path.join(t.args.out, 'wb-%s.img' % name)
    shutil.copyfile(t.args.fs_img, image)
    m = t.machine(cpus=2, mem='256M', fs_img=image, snapshot=False,
                  log_suffix='-run')
    m.boot()
    for cmd in sysctl:
        m.run(cmd, timeout=10)
    out = m.run('wbtest setup %s' % FILE, timeout=20)
    if 'wbtest: done' not in out:
        raise Failure('wbtest setup failed:\n' + out)
    out = m.run('wbtest %s %s' % (mode, FILE), timeout=20)
    if 'wbtest: done' not in out:
        raise Failure('wbtest %s failed:\n%s' % (mode, out))
    time.sleep(settle)
    if shutdown:
        m.send('poweroff\n')
        status = m.con.wait(20)
        if status != 0:
            raise Failure('poweroff: QEMU exit status %r' % status)
    else:
        m.kill()
        m.con.wait(5)
    m.close()
    m = t.machine(cpus=2, mem='256M', fs_img=image, snapshot=False,
                  log_suffix='-check')
    m.boot()
    out = m.run('wbtest check %s' % FILE, timeout=20)
    m.kill()
    m.close()
    os.unlink(image)
    if 'holds %s (65536 bytes)' % expect not in out:
        raise Failure('after %s and a crash, expected all %s:\n%s' % (mode, expect, out))


@grade_test(2, timeout=90)
def writeback_fsync_survives_crash(t):
    crash_after(t, 'fsync', 'fsync', 'C')


@grade_test(2, timeout=90)
def writeback_msync_survives_crash(t):
    crash_after(t, 'msync', 'msync', 'D')


@grade_test(2, timeout=90)
def writeback_flusher_survives_crash(t):
    """No sync at all: with dirty data old after 0.5 s and the flusher
    waking every 0.2 s, two seconds are plenty for it to reach the disk."""
    crash_after(t, 'flusher', 'write', 'B', settle=2.0,
                sysctl=('echo 50 > /proc/sys/vm/dirty_expire_centisecs',
                        'echo 20 > /proc/sys/vm/dirty_writeback_centisecs'))


@grade_test(2, timeout=90)
def writeback_at_poweroff(t):
    """No sync by the program: poweroff's way down writes the dirty page."""
    crash_after(t, 'poweroff', 'write', 'B', shutdown=True)
