"""A running QEMU and its serial console, for the test and bench runners.

Console starts QEMU (argv from qemu.qemu_command), keeps everything it
prints, and lets a runner read it line by line or wait for a pattern,
each with a deadline. A reader thread drains QEMU's output so that QEMU
never blocks on a full pipe while the runner is busy.

    con = Console(qemu_command('build/kernel.bin'), log='build/logs/x.log')
    con.expect(r'Pagoda: boot complete', timeout=60)
    status = con.wait(timeout=10)      # QEMU's exit status
    con.close()
"""
import codecs
import os
import re
import signal
import subprocess
import sys
import threading
import time


class ConsoleError(Exception):
    """Raised when the console does not say what was expected."""


class Timeout(ConsoleError):
    pass


class Exited(ConsoleError):
    pass


class Console:
    def __init__(self, argv, log=None, echo=None, interactive=False):
        """Start QEMU. `echo`, if set, is a prefix for copying each console
        line to our stdout as it arrives; `interactive` gives QEMU a stdin
        pipe for send(), otherwise it reads /dev/null."""
        self.argv = argv
        self.log_path = log
        self.echo = echo
        self.started = time.monotonic()
        # QEMU leads a process group of its own, so that stopping it
        # (kill()) leaves nothing behind, whatever it has started.
        self.proc = subprocess.Popen(
            argv, stdin=subprocess.PIPE if interactive else subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            start_new_session=True)
        self.text = ''          # everything QEMU has printed, \r removed
        self.pos = 0            # readline() and expect() continue from here
        self.eof = False
        self.cv = threading.Condition()
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()

    def _drain(self):
        decoder = codecs.getincrementaldecoder('utf-8')(errors='replace')
        fd = self.proc.stdout.fileno()
        echoed = 0
        while True:
            chunk = os.read(fd, 4096)
            text = decoder.decode(chunk, final=not chunk).replace('\r', '')
            with self.cv:
                self.text += text
                if not chunk:
                    self.eof = True
                self.cv.notify_all()
                if self.echo is not None:
                    echoed = self._echo(echoed, final=not chunk)
            if not chunk:
                return

    def _echo(self, start, final):
        end = len(self.text) if final else self.text.rfind('\n', start) + 1
        for line in self.text[start:end].splitlines():
            print('%s%s' % (self.echo, line), flush=True)
        return max(start, end)

    def elapsed(self):
        return time.monotonic() - self.started

    def readline(self, deadline):
        """The next whole console line (without its newline), or None once
        QEMU has exited and every line has been read. Raises Timeout when
        time.monotonic() passes `deadline` first."""
        with self.cv:
            while True:
                nl = self.text.find('\n', self.pos)
                if nl >= 0:
                    line, self.pos = self.text[self.pos:nl], nl + 1
                    return line
                if self.eof:
                    if self.pos < len(self.text):
                        line, self.pos = self.text[self.pos:], len(self.text)
                        return line
                    return None
                left = deadline - time.monotonic()
                if left <= 0:
                    raise Timeout('no console output for the last part of the run')
                self.cv.wait(left)

    def expect(self, pattern, timeout):
        """Wait for `pattern` (a regex) in the output not yet consumed; the
        match need not end a line, so prompts work. Returns the match."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self.cv:
            while True:
                m = regex.search(self.text, self.pos)
                if m:
                    self.pos = m.end()
                    return m
                if self.eof:
                    raise Exited('QEMU exited (status %s) before printing %r'
                                 % (self.proc.wait(), pattern))
                left = deadline - time.monotonic()
                if left <= 0:
                    raise Timeout('no %r within %gs' % (pattern, timeout))
                self.cv.wait(left)

    def send(self, text):
        """Type `text` on the console (needs interactive=True)."""
        try:
            self.proc.stdin.write(text.encode())
            self.proc.stdin.flush()
        except (BrokenPipeError, ValueError):
            raise Exited('QEMU exited (status %s) before %r could be typed'
                         % (self.proc.poll(), text.strip()))

    def mark(self):
        """Where the output stands now; since(mark) is what came after."""
        with self.cv:
            return len(self.text)

    def since(self, mark):
        with self.cv:
            return self.text[mark:]

    def wait(self, timeout):
        """QEMU's exit status, or None if it is still running after
        `timeout` seconds."""
        try:
            return self.proc.wait(timeout=max(timeout, 0))
        except subprocess.TimeoutExpired:
            return None

    def alive(self):
        return self.proc.poll() is None

    def kill(self, sig=signal.SIGKILL):
        """Stop QEMU and everything in its process group at once, as
        pulling the plug would: nothing is flushed (the crash test relies
        on this). Safe to call more than once, or after QEMU exited."""
        try:
            os.killpg(self.proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass

    def close(self):
        """Stop QEMU if it is still running, and save the log."""
        if self.proc.poll() is None:
            self.kill(signal.SIGTERM)
            if self.wait(5) is None:
                self.kill(signal.SIGKILL)
                self.proc.wait()
        self.kill(signal.SIGKILL)       # anything QEMU left in its group
        self.reader.join(5)
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.stdout.close()
        if self.log_path:
            os.makedirs(os.path.dirname(self.log_path) or '.', exist_ok=True)
            with open(self.log_path, 'w') as f:
                f.write(self.text)

    def tail(self, n=30):
        """The last `n` console lines, for reports of panics and hangs."""
        with self.cv:
            return self.text.splitlines()[-n:]

    def lines(self):
        with self.cv:
            return self.text.splitlines()


def print_tail(con, n=30, indent='    ', file=sys.stdout):
    print('%slast %d console lines:' % (indent, n), file=file)
    for line in con.tail(n):
        print('%s| %s' % (indent, line), file=file)
