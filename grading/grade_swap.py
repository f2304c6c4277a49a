"""Grade tests of swap's tools (issue 5): the swap disk init turns on at
boot, swapon and swapoff typed at the shell, vmstat's table, memhog.

The machine is the default one with the build's swap disk as vdb
(build/swap.img, `make SWAPSIZE=...`; attached with snapshot=on); one
test boots without it. Every test leaves swap on /dev/vdb as it found it,
so any one of them can run alone:

    python3 grading/grade.py 'swap_*'

These only check the tools and the kernel's answers to them. Whether
pages really go to swap and come back intact under memory pressure is
for the reclaim tests.
"""
import os
import re

from gradelib import Failure, grade_test, machine_group

SWAP = machine_group('swap', cpus=4, mem='512M', append='movablecore=64M')
DEVICE = '/dev/vdb'
PAGE_KB = 4
SWAPS_HEADER = 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority'
VMSTAT_HEADER = [
    'procs -----------memory---------- ---swap-- -----io---- -system-- -------cpu-------',
    ' r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st',
]


def swap_kb(t):
    """What SwapTotal should be with the swap disk on: every page of the
    image but the header, in kB."""
    if not t.args.swap_img:
        raise Failure('no swap disk to test: make builds build/swap.img '
                      '(SWAPSIZE=0 builds none; grade.py --swap-img names one)')
    return (os.path.getsize(t.args.swap_img) // (PAGE_KB * 1024) - 1) * PAGE_KB


def meminfo_kb(t, field):
    m = re.search(r'^%s:\s+(\d+) kB$' % field, t.run('cat /proc/meminfo'), re.M)
    if m is None:
        raise Failure('/proc/meminfo has no %s line' % field)
    return int(m.group(1))


def swaps(t):
    """/proc/swaps as {filename: (type, size, used, priority)}; checks its header."""
    out = t.run('cat /proc/swaps')
    lines = out.splitlines()
    if not lines or lines[0] != SWAPS_HEADER:
        raise Failure('/proc/swaps does not start with Linux\'s header:\n' + out)
    areas = {}
    for line in lines[1:]:
        f = line.split()
        if len(f) != 5 or not all(re.fullmatch(r'-?\d+', x) for x in f[2:]):
            raise Failure('/proc/swaps: a line that is not "name type size used prio": %r'
                          % line)
        areas[f[0]] = (f[1], int(f[2]), int(f[3]), int(f[4]))
    return areas


def fails(t, cmd, error):
    """`cmd` must print the tool's name and strerror's words for `error`."""
    out = t.run(cmd)
    tool = cmd.split()[0]
    if not re.search(r'^%s: .*%s' % (tool, re.escape(error)), out, re.M):
        raise Failure('%r should fail with "%s: ...%s", it printed %r'
                      % (cmd, tool, error, out))
    return out


def expect_swap(t, on):
    """/proc/swaps and SwapTotal agree that swap is on /dev/vdb (or off)."""
    want = swap_kb(t) if on else 0
    areas = swaps(t)
    if on and (DEVICE not in areas or areas[DEVICE][:2] != ('partition', want)):
        raise Failure('/proc/swaps should list %s, a partition of %d kB: %r'
                      % (DEVICE, want, areas))
    if not on and areas:
        raise Failure('/proc/swaps should list no area: %r' % areas)
    total = meminfo_kb(t, 'SwapTotal')
    if total != want:
        raise Failure('SwapTotal is %d kB, expected %d' % (total, want))
    return areas


def ensure_swap_on(t):
    """Put swap back on /dev/vdb if a test left it off."""
    if DEVICE not in swaps(t):
        t.run('swapon %s' % DEVICE)
    expect_swap(t, True)


@grade_test(2, group=SWAP, timeout=60)
def swap_on_at_boot(t):
    """init turned the swap disk on before starting the shell, and said so."""
    kb = swap_kb(t)
    boot_log = t.sh.con.since(0)
    m = re.search(r'^init: swap on /dev/vdb \((\d+) MiB\)\r?$', boot_log, re.M)
    if m is None:
        raise Failure('init did not print "init: swap on /dev/vdb (N MiB)" at boot')
    if abs(int(m.group(1)) * 1024 - kb) > 1024:
        raise Failure('init said %s MiB of swap; the disk holds %d kB' % (m.group(1), kb))
    areas = expect_swap(t, True)
    if areas[DEVICE][2] > kb:
        raise Failure('/proc/swaps: %s has %d kB used of %d' % (DEVICE, areas[DEVICE][2], kb))
    if meminfo_kb(t, 'SwapFree') > kb:
        raise Failure('SwapFree is more than SwapTotal')


@grade_test(3, group=SWAP, timeout=60)
def swap_swapoff_swapon(t):
    """swapoff and swapon by the commands: SwapTotal goes to 0 and back;
    swapping off twice, on twice, or to the root disk fails clearly."""
    ensure_swap_on(t)
    t.run('swapoff %s' % DEVICE)
    expect_swap(t, False)
    fails(t, 'swapoff %s' % DEVICE, 'Invalid argument')
    t.run('swapon %s' % DEVICE)
    expect_swap(t, True)
    fails(t, 'swapon %s' % DEVICE, 'Device or resource busy')
    # The root disk is pgfs, not a swap area: EINVAL, and the kernel lives on.
    fails(t, 'swapon /dev/vda', 'Invalid argument')
    fails(t, 'swapon /dev/vdq', 'No such file or directory')
    t.check('echo still alive', 'still alive\n')
    t.check('ls README', regex=r'^README\s')      # and vda still works
    expect_swap(t, True)


@grade_test(2, group=SWAP, timeout=60)
def swap_priority(t):
    """swapon -p sets the priority /proc/swaps shows; swapon -s lists it."""
    ensure_swap_on(t)
    t.run('swapoff %s' % DEVICE)
    t.run('swapon -p 7 %s' % DEVICE)
    if swaps(t).get(DEVICE, (None,) * 4)[3] != 7:
        raise Failure('after swapon -p 7, /proc/swaps says %r' % swaps(t))
    t.check('swapon -s', regex=r'^/dev/vdb\s+partition\s+\d+\s+\d+\s+7$')
    for bad in ('-1', '32768', 'x'):
        out = t.run('swapon -p %s /dev/vdc' % bad)
        if 'usage: swapon' not in out:
            raise Failure('swapon -p %s: no usage message: %r' % (bad, out))
    t.run('swapoff -a')
    expect_swap(t, False)
    t.run('swapon %s' % DEVICE)
    prio = swaps(t)[DEVICE][3]
    if prio >= 0:
        raise Failure('swapon without -p gave priority %d; the kernel\'s are negative' % prio)


@grade_test(2, group=SWAP, timeout=60)
def vmstat_table(t):
    """vmstat 1 3: procps's two header lines and three lines of 17 numbers;
    its memory columns are /proc/meminfo's."""
    out = t.run('vmstat 1 3', timeout=30)
    lines = out.splitlines()
    if lines[:2] != VMSTAT_HEADER:
        raise Failure('vmstat\'s header is not procps\'s:\n' + out)
    rows = lines[2:]
    if len(rows) != 3 or not all(re.fullmatch(r'(\s*\d+){17}', r) for r in rows):
        raise Failure('vmstat 1 3 should print 3 lines of 17 numbers:\n' + out)
    for r in rows:
        f = [int(x) for x in r.split()]
        if f[0] < 1:
            raise Failure('vmstat counts %d tasks running; it runs itself: %r' % (f[0], r))
        if not 98 <= sum(f[12:]) <= 102:
            raise Failure('vmstat\'s CPU columns add up to %d%%: %r' % (sum(f[12:]), r))
    total = meminfo_kb(t, 'MemTotal')
    free = int(rows[-1].split()[3])
    if not 0 < free <= total:
        raise Failure('vmstat shows %d kB free of %d' % (free, total))
    for bad in ('vmstat 0', 'vmstat x', 'vmstat 1 2 3'):
        if 'usage: vmstat' not in t.run(bad):
            raise Failure('%r printed no usage message' % bad)


@grade_test(2, group=SWAP, timeout=60)
def memhog_verifies(t):
    """memhog of a size that fits in RAM writes and checks every page."""
    out = t.run('memhog -v -p 2 64M', timeout=40)
    m = re.search(r'^memhog: 64 MiB x 2 passes: 192 MiB touched in \d+\.\d\d s, '
                  r'\d+ major faults, verify OK$', out, re.M)
    if m is None:
        raise Failure('memhog -v -p 2 64M did not end with its summary and "verify OK":\n'
                      + out)
    if out.count('memhog: pass ') != 2 or 'memhog: checked 64 MiB' not in out:
        raise Failure('memhog printed no line for each pass:\n' + out)


@grade_test(1, group=SWAP, timeout=30)
def memhog_bad_size(t):
    """A size memhog cannot read gets its usage (the exit status, 1, is
    checked on the host: test_userlib.py)."""
    for arg in ('12x', '0', '-p 0 8M', ''):
        out = t.run(('memhog ' + arg).strip())
        if 'usage: memhog' not in out:
            raise Failure('memhog %s printed no usage message: %r' % (arg, out))


@grade_test(2, timeout=60)
def swap_none_without_disk(t):
    """A machine booted without a swap disk has no swap, and init is quiet."""
    m = t.machine(swap_img=None)
    m.boot()
    if re.search(r'^init: .*swap', m.con.since(0), re.M):
        raise Failure('init talked about swap with no swap disk')
    out = m.run('cat /proc/swaps')
    if out.splitlines() != [SWAPS_HEADER]:
        raise Failure('/proc/swaps lists an area without a swap disk:\n' + out)
    info = m.run('cat /proc/meminfo')
    for field in ('SwapTotal', 'SwapFree'):
        if not re.search(r'^%s:\s+0 kB$' % field, info, re.M):
            raise Failure('%s is not 0 kB without a swap disk' % field)
    out = m.run('swapon %s' % DEVICE)
    if 'No such file or directory' not in out:
        raise Failure('swapon %s without such a disk printed %r' % (DEVICE, out))
