"""A booted Pagoda with a shell: what the grade tests type at.

Machine boots QEMU (argv from qemu.qemu_command, plus the root disk and
the swap disk), waits for the shell's prompt "$ ", and runs commands one
at a time:

    m = Machine('build/kernel.bin', fs_img='build/fs.img', log='x.log')
    m.boot()                                # up to the first "$ "
    out = m.run('echo hi', timeout=10)      # 'hi\\n': what the command printed
    m.close()                               # QEMU and its group are gone

The disks: fs_img is vda, the root; swap_img is vdb, which init turns
on as swap. swap_img defaults to swap.img beside the kernel when there is
one (SWAP_AUTO, what `make` builds); swap_img=None boots without swap.
The swap disk is attached with snapshot=on, so machines running at once
share the one image and what they swap out goes with them; only a
machine that has a swap disk of its own may ask for swap_snapshot=False
(grading/bench.py, to measure the raw file as the guest writes it).

run() types the command, waits for the next prompt, and returns what
came between the echoed command line and that prompt. It raises
ConsoleError (from console.py) on a time-out or when QEMU dies; the
message then says why, with diagnose(): a kernel panic, an oops, or a
hang (no prompt in time).
"""
import inspect
import os
import re
import time

from console import Console, ConsoleError, Exited, Timeout      # noqa: F401
from qemu import qemu_command

PROMPT = '$ '
# A prompt starts the output or follows a newline; "$ " inside a line
# (echo 'a $ b') is not one.
PROMPT_RE = re.compile(r'(?:^|\n)\$ ')
BOOT_TIMEOUT = 60
TYPE_CHUNK = 8          # characters typed before waiting for their echo
ECHO_TIMEOUT = 2
TYPE_ATTEMPTS = 3
KILL_LINE = '\x15'      # ^U: the line discipline erases the line typed so far
SHOW_STATE = '\x10'     # ^P: the kernel prints every task's state
SHOW_STATE_WAIT = 1.0
# Every time limit is multiplied by this: raise it on a loaded host
# (grade.py --time-scale, or PAGODA_TIME_SCALE in the environment).
TIME_SCALE = float(os.environ.get('PAGODA_TIME_SCALE') or 1)

# Console lines that mean the kernel is broken, most serious first. The
# first two end the machine; the rest fail the test that was running.
# Each is a kernel message: at a line's start, after an optional printk
# timestamp, so a program that prints "DEBUG: ..." is not taken for one.
STAMP = r'(?m)^(?:\[\s*\d+\.\d+\] )?'
KERNEL_ERRORS = [
    ('kernel panic', re.compile(STAMP + r'Kernel panic - not syncing: ?(.*)')),
    ('kernel oops', re.compile(STAMP + r'(Oops - .*|Unable to handle kernel .*)')),
    ('kernel BUG', re.compile(STAMP + r'(BUG[: ].*)')),
    ('kernel warning', re.compile(STAMP + r'(WARNING: CPU: .*)')),
]
FATAL = ('kernel panic', 'kernel oops')


def kernel_error(text):
    """(kind, line) for the most serious kernel error in `text`, or None."""
    for kind, regex in KERNEL_ERRORS:
        m = regex.search(text)
        if m:
            return kind, re.sub(STAMP, '', m.group(0)).strip()
    return None


SWAP_AUTO = 'auto'      # swap_img: the build's swap.img if it exists


def default_swap_img(kernel):
    """swap.img beside the kernel (build/swap.img), or None if `make`
    made none (SWAPSIZE=0)."""
    path = os.path.join(os.path.dirname(kernel) or '.', 'swap.img')
    return path if os.path.isfile(path) else None


def disk_argv(image, snapshot, index=0):
    """QEMU arguments attaching `image` as virtio disk `index` (modern
    virtio-mmio), for a qemu.py without a disks= option. With
    snapshot=True writes go to a temporary overlay, so a test may write
    freely and the image stays as mkfs made it."""
    return (['-global', 'virtio-mmio.force-legacy=false'] if index == 0 else []) + [
        '-drive', 'file=%s,if=none,format=raw,id=disk%d%s'
        % (image.replace(',', ',,'), index, ',snapshot=on' if snapshot else ''),
        '-device', 'virtio-blk-device,drive=disk%d' % index]


def machine_argv(kernel, cpus=4, mem='512M', numa=1, append='',
                 fs_img=None, snapshot=True, swap_img=None, swap_snapshot=True):
    """qemu_command() with the root disk as the first virtio disk (vda)
    and the swap disk, if any, as the second (vdb, snapshot=on unless
    swap_snapshot is False). With no root disk there is no swap disk
    either: it would become vda."""
    if swap_img == SWAP_AUTO:
        swap_img = default_swap_img(kernel)
    if not fs_img:
        return qemu_command(kernel, cpus, mem, numa, append)
    disks = [(fs_img, snapshot)] + ([(swap_img, swap_snapshot)] if swap_img else [])
    if 'disks' in inspect.signature(qemu_command).parameters:
        return qemu_command(kernel, cpus, mem, numa, append, disks=disks)
    extra = []
    for i, (image, snap) in enumerate(disks):
        extra += disk_argv(image, snap, i)
    return qemu_command(kernel, cpus, mem, numa, append, extra=extra)


class Machine:
    def __init__(self, kernel, cpus=4, mem='512M', numa=1, append='',
                 fs_img=None, snapshot=True, log=None, echo=None,
                 swap_img=SWAP_AUTO, swap_snapshot=True):
        self.argv = machine_argv(kernel, cpus, mem, numa, append,
                                 fs_img, snapshot, swap_img, swap_snapshot)
        self.log = log
        self.echo = echo
        self.con = None
        self.last_cmd = None

    # ---- life cycle ---------------------------------------------------

    def start(self):
        """Start QEMU without waiting for anything."""
        self.con = Console(self.argv, log=self.log, echo=self.echo,
                           interactive=True)
        return self.con

    def boot(self, timeout=BOOT_TIMEOUT):
        """Start QEMU and wait for the shell's first prompt; returns the
        seconds from QEMU's start to the prompt."""
        if self.con is None:
            self.start()
        self.last_cmd = '(boot)'
        self._expect_prompt(timeout, 'the first shell prompt')
        return self.con.elapsed()

    def alive(self):
        return self.con is not None and self.con.alive()

    def kill(self):
        if self.con:
            self.con.kill()

    def close(self):
        if self.con:
            self.con.close()

    # ---- typing -------------------------------------------------------

    def send(self, text):
        self.con.send(text)

    def type_line(self, text):
        """Type `text` a few characters at a time, each time waiting for the
        console to echo them, as a person would. If an echo does not come
        (characters lost), erase the line (^U) and type it again. A whole
        line sent at once can outrun the UART; console_fast_typing checks
        that on its own."""
        for _ in range(TYPE_ATTEMPTS):
            if self._type_checked(text):
                return
            self.con.send(KILL_LINE)
        # Give up retyping: the command's output will show what went wrong.

    def _type_checked(self, text):
        for i in range(0, len(text), TYPE_CHUNK):
            piece = text[i:i + TYPE_CHUNK]
            self.con.send(piece)
            try:
                self.con.expect(re.escape(piece), ECHO_TIMEOUT * TIME_SCALE)
            except Timeout:
                return False
        return True

    def run(self, cmd, timeout=20, paced=True):
        """Type `cmd`, wait for the next prompt, return the command's output
        (the echoed command line removed)."""
        self.last_cmd = cmd
        if paced:
            self.type_line(cmd)
            self.con.send('\n')
        else:
            self.con.send(cmd + '\n')
        out = self._expect_prompt(timeout, 'a prompt after %r' % cmd)
        out = strip_echo(out, cmd)
        if paced and out.startswith('\n'):
            out = out[1:]           # the echo of the newline we typed
        return out

    def expect(self, pattern, timeout=20, what=None):
        """Wait for a regex in output not yet consumed; returns the match."""
        timeout *= TIME_SCALE
        try:
            return self.con.expect(pattern, timeout)
        except ConsoleError as e:
            raise ConsoleError(self.diagnose(e, what or repr(pattern), timeout))

    def _expect_prompt(self, timeout, what):
        start = self.con.pos
        timeout *= TIME_SCALE
        try:
            m = self.con.expect(PROMPT_RE, timeout)
        except ConsoleError as e:
            raise ConsoleError(self.diagnose(e, what, timeout))
        # The newline before the prompt belongs to the output.
        end = m.start() + (1 if m.group(0)[0] == '\n' else 0)
        return self.con.since(start)[:end - start]

    # ---- what went wrong ----------------------------------------------

    def diagnose(self, error, what, timeout):
        """One line saying why `what` did not come: the kernel's own words
        if it panicked or oopsed, else a hang or an exit."""
        err = kernel_error(self.con.since(0)) if self.con else None
        if err and err[0] in FATAL:
            return '%s: %s (while waiting for %s)' % (err[0], err[1], what)
        if isinstance(error, Timeout):
            return 'hang: waited %gs for %s' % (timeout, what)
        if isinstance(error, Exited):
            return 'QEMU exited (status %s) while waiting for %s' % (
                self.con.proc.poll(), what)
        return str(error)

    def show_state(self):
        """Ask a wedged kernel what its tasks are doing (^P: show_state(),
        xv6's procdump, Linux's sysrq-t), so a hang's report shows it."""
        if self.alive():
            try:
                self.con.send(SHOW_STATE)
            except ConsoleError:
                return
            time.sleep(SHOW_STATE_WAIT)

    def tail(self, n=30):
        return self.con.tail(n) if self.con else []


def strip_echo(out, cmd):
    """Drop the console's echo of what we typed, and anything before it
    (a background job's output that came after the last prompt), so that
    the rest is what the command printed."""
    lines = out.split('\n')
    for i, line in enumerate(lines):
        if line.strip() == cmd.strip():
            return '\n'.join(lines[i + 1:])
    return out


def exists(path):
    return path is not None and os.path.isfile(path)
