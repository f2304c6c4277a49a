"""Grade tests of reclaim and swap under memory pressure (issue 5).

Every test runs user/tests/swapstress.c or user/tests/oomtest.c on a
small machine (128 MiB unless it says otherwise) with the build's swap
disk as vdb, and checks that what the programs wrote came back byte for
byte, that the counters in /proc/vmstat show the work done, and then,
through leak_check(), that nothing was lost on the way: swapoff brings
every swapped page back (and must succeed: a slot whose owner is gone
would make it fail), MemFree after dropping the caches is back to what it
was at the start within a tolerance, and after swapon SwapFree is
SwapTotal again.

    python3 grading/grade.py 'reclaim_*' 'oom_*'
"""
import os
import re
import subprocess
import time

from gradelib import Failure, grade_test, machine_group

MEM = '128M'
RECLAIM = machine_group('reclaim', cpus=4, mem=MEM)
DEVICE = '/dev/vdb'
# Slab objects and per-CPU lists come and go: what MemFree may differ by.
LEAK_TOLERANCE_KB = 1024
SMALL_SWAP_MB = 24


def meminfo(t, m=None):
    out = (m or t.sh).run('cat /proc/meminfo')
    return {k: int(v) for k, v in re.findall(r'^(\w+):\s+(\d+) kB$', out, re.M)}


def vmstat(t, m=None):
    out = (m or t.sh).run('cat /proc/vmstat')
    return {k: int(v) for k, v in re.findall(r'^(\w+) (\d+)$', out, re.M)}


def settled_free_kb(m):
    """MemFree with the page cache and unused inodes dropped."""
    m.run('sync', timeout=30)
    m.run('echo 3 > /proc/sys/vm/drop_caches', timeout=30)
    out = m.run('cat /proc/meminfo')
    return int(re.search(r'^MemFree:\s+(\d+) kB$', out, re.M).group(1))


def swapoff(m, what):
    out = m.run('swapoff %s' % DEVICE, timeout=120)
    if re.search(r'swapoff:', out):
        raise Failure('swapoff %s (%s) failed:\n%s' % (DEVICE, what, out))
    if DEVICE in m.run('cat /proc/swaps'):
        raise Failure('after swapoff, /proc/swaps still lists %s' % DEVICE)


def baseline(m):
    """MemFree with nothing in swap: taken with swap off, then swap on again."""
    swapoff(m, 'baseline')
    free = settled_free_kb(m)
    m.run('swapon %s' % DEVICE)
    return free


def leak_check(t, m, base_free):
    """Everything comes back from swap, and free memory and swap to where they were."""
    swapoff(m, 'to bring every page back')
    free = settled_free_kb(m)
    if free < base_free - LEAK_TOLERANCE_KB:
        raise Failure('MemFree %d kB after the test, %d kB before (tolerance %d kB): '
                      'pages leaked' % (free, base_free, LEAK_TOLERANCE_KB))
    out = m.run('swapon %s' % DEVICE)
    if 'swapon:' in out:
        raise Failure('swapon after the test failed:\n' + out)
    info = meminfo(t, m)
    if info['SwapFree'] != info['SwapTotal']:
        raise Failure('after swapoff and swapon, SwapFree %d kB != SwapTotal %d kB'
                      % (info['SwapFree'], info['SwapTotal']))


def run_ok(m, cmd, timeout):
    out = m.run(cmd, timeout=timeout)
    if not re.search(r'^swapstress: .*: ok$|^oomtest: ok$', out, re.M):
        raise Failure('%r did not end with ok:\n%s' % (cmd, out))
    return out


def pressure(t, cmd, timeout, m=None, want_swap=True):
    """Run one swapstress load between a baseline and a leak check."""
    m = m or t.sh
    base = baseline(m)
    before = vmstat(t, m)
    run_ok(m, cmd, timeout)
    after = vmstat(t, m)
    delta = {k: after[k] - before.get(k, 0) for k in after}
    if want_swap and (delta['pswpout'] == 0 or delta['pswpin'] == 0):
        raise Failure('%r should have swapped out and in: pswpout +%d, pswpin +%d'
                      % (cmd, delta['pswpout'], delta['pswpin']))
    leak_check(t, m, base)
    return delta


@grade_test(4, timeout=420, group=RECLAIM)
def reclaim_anon_3x_ram_all_harts(t):
    """4 processes, one per hart, write 3x RAM of checked data and read it back twice."""
    d = pressure(t, 'swapstress anon 300% 4', 360)
    if d['pgsteal_kswapd'] == 0:
        raise Failure('kswapd reclaimed nothing: %r' % d)


@grade_test(3, timeout=300, group=RECLAIM)
def reclaim_fork_cow_swapped(t):
    """COW-shared pages are swapped, then read and written by the parent and 3 children."""
    pressure(t, 'swapstress fork 150% 3', 240)


@grade_test(2, timeout=240, group=RECLAIM)
def reclaim_mapshared_file(t):
    """A MAP_SHARED file mapping written under pressure reaches the file intact."""
    d = pressure(t, 'swapstress shared 40', 180, want_swap=False)
    if d['pgsteal_file'] == 0:
        raise Failure('no file page was reclaimed: %r' % d)


@grade_test(3, timeout=420)
def reclaim_numa2(t):
    """Two nodes, one kswapd each; 2x RAM of checked data on all harts."""
    m = t.machine(cpus=4, mem=MEM, numa=2)
    m.boot()
    ps = m.run('ps')
    for name in ('kswapd0', 'kswapd1'):
        if not re.search(r'\b%s$' % name, ps, re.M):
            raise Failure('ps lists no %s:\n%s' % (name, ps))
    d = pressure(t, 'swapstress anon 200% 4', 360, m=m)
    if d['pageoutrun'] == 0:
        raise Failure('kswapd never ran: %r' % d)


@grade_test(3, timeout=300, group=RECLAIM)
def reclaim_swapoff_brings_back(t):
    """Pages swapped out come back at swapoff, and the process finds them intact."""
    m = t.sh
    base = baseline(m)
    m.run('swapstress hold 50% 15 > hold.out &')
    wait_filled_file(m, 60)
    m.run('memhog 100M', timeout=60)        # pushes the held pages out
    used = meminfo(t, m)
    if used['SwapTotal'] - used['SwapFree'] < 8 * 1024:
        raise Failure('memhog pushed too little to swap: %r' % used)
    swapoff(m, 'with a process\'s pages in swap')
    m.run('swapon %s' % DEVICE)
    wait_hold_done(m, 120)
    leak_check(t, m, base)


@grade_test(2, timeout=300, group=RECLAIM)
def reclaim_swapoff_enomem(t):
    """swapoff with more in swap than RAM can hold fails cleanly; nothing is lost."""
    m = t.sh
    base = baseline(m)
    m.run('swapstress hold 150% 10 > hold.out &')
    wait_filled_file(m, 180)
    out = m.run('swapoff %s' % DEVICE, timeout=120)
    if not re.search(r'^swapoff: .*Cannot allocate memory', out, re.M):
        raise Failure('swapoff of more than RAM should fail with ENOMEM, printed:\n' + out)
    if DEVICE not in m.run('cat /proc/swaps'):
        raise Failure('the failed swapoff took %s away' % DEVICE)
    wait_hold_done(m, 240)
    leak_check(t, m, base)


def wait_filled_file(m, timeout):
    """swapstress hold, in the background, writes its lines to hold.out."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if 'filled' in m.run('cat hold.out'):
            return
        time.sleep(1)
    raise Failure('swapstress hold did not fill its memory in %ds' % timeout)


def wait_hold_done(m, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        out = m.run('cat hold.out')
        if re.search(r'^swapstress: hold .*: ok$', out, re.M):
            m.run('rm hold.out')
            return
        if 'FAILED' in out or 'expected' in out:
            raise Failure('the held memory came back wrong:\n' + out)
        time.sleep(1)
    raise Failure('swapstress hold did not finish in %ds' % timeout)


@grade_test(2, timeout=240)
def reclaim_streaming_read_kswapd(t):
    """Reading a file larger than RAM: free memory stays above min, kswapd does the work."""
    m = t.machine(cpus=4, mem='40M')
    m.boot()
    out = run_ok(m, 'swapstress stream 48', 180)
    f = re.search(r'min MemFree (\d+) kB, min watermarks (\d+) kB, allocstall (\d+), '
                  r'pgscan_direct (\d+), pgscan_kswapd (\d+)', out)
    if not f:
        raise Failure('no stream summary in:\n' + out)
    low, wmin, stalls, direct, kswapd = map(int, f.groups())
    # An allocation may take free memory down to min exactly, not below, without
    # direct reclaim (Linux's __zone_watermark_ok); below min only reclaim's own may.
    if low < wmin:
        raise Failure('MemFree fell to %d kB, below the min watermarks (%d kB)'
                      % (low, wmin))
    # Steady state: kswapd does (nearly) all of it; a stray stall is tolerated.
    if kswapd == 0 or direct * 50 > kswapd:
        raise Failure('direct reclaim scanned %d pages against kswapd\'s %d (%d stalls): '
                      'kswapd should do at least 98%%' % (direct, kswapd, stalls))


def small_swap(t):
    """A swap disk of SMALL_SWAP_MB MiB of our own, quick to fill."""
    mkswap = os.path.join(t.args.build, 'mkfs', 'mkswap')
    path = os.path.join(t.args.out, 'small-swap.img')
    os.makedirs(t.args.out, exist_ok=True)
    p = subprocess.run([mkswap, '-s', str(SMALL_SWAP_MB), path],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        raise Failure('mkswap failed:\n' + p.stdout)
    return path


def oom_machine(t):
    m = t.machine(cpus=4, mem=MEM, swap_img=small_swap(t))
    m.boot()
    return m


OOM_ANON_LEFT_KB = 4096     # init, the shell and what is left of oomtest: a few pages each
OOM_MEMORY_BACK_TRIES = 10  # half a second apart


def check_oom_kill(t, m, out, victims):
    """The kernel's lines for each victim pid, in order, and the machine goes on."""
    for pid in victims:
        if not re.search(r'Out of memory: Killed process %d \(oomtest\) total-vm:\d+kB, '
                         r'anon-rss:\d+kB, file-rss:\d+kB' % pid, out):
            raise Failure('no "Out of memory: Killed process %d (oomtest) total-vm:..." '
                          'line in the kernel log' % pid)
    if re.search(r'Killed process 1 \(', out):
        raise Failure('the OOM killer chose init')
    # The victims have been waited for: their memory is back within a moment
    # (the OOM reaper may still be zapping what the victim's exit left to it,
    # and meanwhile the OOM killer chooses nobody else), so nothing more is killed.
    for _ in range(OOM_MEMORY_BACK_TRIES):
        anon = meminfo(t, m)['AnonPages']
        if anon <= OOM_ANON_LEFT_KB:
            break
        time.sleep(0.5)
    else:
        raise Failure('AnonPages is %d kB %gs after the victims were waited for: their '
                      'memory is not back' % (anon, OOM_MEMORY_BACK_TRIES * 0.5))
    if vmstat(t, m)['oom_kill'] != len(victims):
        raise Failure('/proc/vmstat oom_kill is not %d' % len(victims))
    if m.run('echo still here') != 'still here\n':
        raise Failure('the shell does not answer after the OOM kill')
    ps = m.run('ps')
    if not re.search(r'^\s+1\s+0\s+\S+\s+\d+ init$', ps, re.M):
        raise Failure('init is gone:\n' + ps)


@grade_test(3, timeout=240)
def oom_kills_biggest_not_init(t):
    """RAM and swap full: the biggest process dies, the small one, init and the shell live."""
    m = oom_machine(t)
    out = m.run('oomtest biggest', timeout=180)
    if 'oomtest: ok' not in out:
        raise Failure('oomtest biggest:\n' + out)
    hog = int(re.search(r'the hog \(pid (\d+)\) was killed', out).group(1))
    check_oom_kill(t, m, out, [hog])


@grade_test(2, timeout=240)
def oom_score_adj_chooses(t):
    """oom_score_adj 1000 makes a small process the first victim; the hog goes next."""
    m = oom_machine(t)
    out = m.run('oomtest adj', timeout=180)
    if 'oomtest: ok' not in out:
        raise Failure('oomtest adj:\n' + out)
    pids = [int(p) for p in re.findall(r'\(pid (\d+)\) was killed', out)]
    check_oom_kill(t, m, out, pids)


@grade_test(1, timeout=60, group=RECLAIM)
def oom_score_proc_files(t):
    """/proc/PID/oom_score_adj takes -1000..1000 and refuses the rest; oom_score follows."""
    out = t.run('oomtest proc', timeout=30)
    if 'oomtest: ok' not in out:
        raise Failure('oomtest proc:\n' + out)


@grade_test(1, timeout=60, group=RECLAIM)
def reclaim_swappiness_sysctl(t):
    """vm.swappiness: 60 by default, 0..200 taken, anything else refused unchanged."""
    path = '/proc/sys/vm/swappiness'
    t.check('cat %s' % path, want='60\n')
    for good in ('0', '200', '60'):
        t.run('echo %s > %s' % (good, path))
        t.check('cat %s' % path, want=good + '\n')
    for bad in ('201', '-1', 'abc'):
        t.run('echo %s > %s' % (bad, path))
        t.check('cat %s' % path, want='60\n')
