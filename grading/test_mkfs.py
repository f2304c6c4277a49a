"""Host-side tests of mkfs/mkfs.c and mkfs/fsck.c (no kernel needed).

mkfs builds an image from programs and a rootfs tree; an independent
reader here (in Python, from kernel/fs.h's layout) finds every file with
its exact bytes, the doubly indirect block included; fsck finds the image
clean. Then single corruptions (a bitmap bit, a link count, a block used
twice, a bad entry, a bad super block) must each make fsck fail and name
the problem, while what a crash may legally leave (a committed transaction
in the log, an orphan inode) must not.

    python3 -m unittest grading.test_mkfs   (or with the other grading/test_*.py)
"""
import os
import shutil
import struct
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
HOST_CC = shutil.which('gcc') or shutil.which('cc')

BSIZE = 1024
NDIRECT = 11
NINDIRECT = BSIZE // 4
IPB = BSIZE // 64
BPB = BSIZE * 8
ROOTINO = 1
T_DIR, T_FILE = 1, 2
FSMAGIC = 0x50474431
SB = struct.Struct('<8I')          # magic size nblocks ninodes nlog logstart inodestart bmapstart
DINODE = struct.Struct('<4hI13I')  # type major minor nlink size addrs[13]


class Image:
    """A pgfs image in memory, read the way the kernel reads it."""

    def __init__(self, path):
        with open(path, 'rb') as f:
            self.data = bytearray(f.read())
        (self.magic, self.size, self.nblocks, self.ninodes, self.nlog,
         self.logstart, self.inodestart, self.bmapstart) = SB.unpack_from(self.data, BSIZE)

    def save(self, path):
        with open(path, 'wb') as f:
            f.write(self.data)

    def dinode_off(self, inum):
        return (self.inodestart + inum // IPB) * BSIZE + (inum % IPB) * 64

    def dinode(self, inum):
        v = DINODE.unpack_from(self.data, self.dinode_off(inum))
        return {'type': v[0], 'nlink': v[3], 'size': v[4], 'addrs': list(v[5:])}

    def set_dinode_field(self, inum, field, value):
        fmt, off = {'type': ('<h', 0), 'nlink': ('<h', 6), 'size': ('<I', 8)}[field]
        struct.pack_into(fmt, self.data, self.dinode_off(inum) + off, value)

    def set_addr(self, inum, i, value):
        struct.pack_into('<I', self.data, self.dinode_off(inum) + 12 + 4 * i, value)

    def word(self, block, i):
        return struct.unpack_from('<I', self.data, block * BSIZE + 4 * i)[0]

    def bmap(self, d, fbn):
        if fbn < NDIRECT:
            return d['addrs'][fbn]
        fbn -= NDIRECT
        if fbn < NINDIRECT:
            return self.word(d['addrs'][NDIRECT], fbn)
        fbn -= NINDIRECT
        l2 = self.word(d['addrs'][NDIRECT + 1], fbn // NINDIRECT)
        return self.word(l2, fbn % NINDIRECT)

    def read(self, inum):
        d = self.dinode(inum)
        out = bytearray()
        for fbn in range((d['size'] + BSIZE - 1) // BSIZE):
            b = self.bmap(d, fbn)
            out += self.data[b * BSIZE:(b + 1) * BSIZE]
        return bytes(out[:d['size']])

    def entries(self, inum):
        raw = self.read(inum)
        for off in range(0, len(raw), 32):
            n, name = struct.unpack_from('<H30s', raw, off)
            if n:
                yield name.rstrip(b'\0').decode(), n, off

    def lookup(self, path):
        inum = ROOTINO
        for part in [p for p in path.split('/') if p]:
            inum = dict((n, i) for n, i, _ in self.entries(inum))[part]
        return inum

    def bit(self, b):
        return (self.data[(self.bmapstart + b // BPB) * BSIZE + (b % BPB) // 8] >> (b % 8)) & 1

    def flip_bit(self, b):
        self.data[(self.bmapstart + b // BPB) * BSIZE + (b % BPB) // 8] ^= 1 << (b % 8)

    def datastart(self):
        return self.size - self.nblocks


@unittest.skipUnless(HOST_CC, 'no host C compiler')
class MkfsFsckTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix='pgfs-mkfs-test-')
        cls.mkfs = os.path.join(cls.tmp, 'mkfs')
        cls.fsck = os.path.join(cls.tmp, 'fsck')
        for src, out in (('mkfs/mkfs.c', cls.mkfs), ('mkfs/fsck.c', cls.fsck)):
            subprocess.run([HOST_CC, '-std=gnu11', '-O2', '-Wall', '-Wextra', '-Werror',
                            '-o', out, os.path.join(TOP, src)], check=True)
        # A rootfs tree and two "programs".
        cls.root = os.path.join(cls.tmp, 'rootfs')
        os.makedirs(os.path.join(cls.root, 'etc', 'deep', 'er'))
        os.makedirs(os.path.join(cls.root, 'proc'))    # merges with mkfs's /proc
        cls.big = bytes((i * 131 + (i >> 10)) & 0xff for i in range(3 * 1024 * 1024 + 77))
        cls.files = {'etc/motd': b'welcome to pagoda\n', 'etc/deep/er/big': cls.big,
                     'etc/empty': b'', 'x' * 30: b'thirty'}
        for rel, content in cls.files.items():
            with open(os.path.join(cls.root, rel), 'wb') as f:
                f.write(content)
        cls.progs = []
        for name in ('cat', '_echo'):
            p = os.path.join(cls.tmp, name)
            with open(p, 'wb') as f:
                f.write(b'\x7fELF' + name.encode() * 300)
            cls.progs.append(p)
        cls.image = os.path.join(cls.tmp, 'fs.img')
        r = subprocess.run([cls.mkfs, '-s', '8192', '-d', cls.root, cls.image] + cls.progs,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
        if r.returncode:
            raise AssertionError('mkfs failed: ' + r.stdout)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def run_fsck(self, img):
        path = os.path.join(self.tmp, 'check.img')
        img.save(path)
        r = subprocess.run([self.fsck, path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True, timeout=60)
        return r.returncode, r.stdout

    def assert_fsck_fails(self, img, phrase):
        code, out = self.run_fsck(img)
        self.assertEqual(code, 1, out)
        self.assertIn(phrase, out)

    # ---- mkfs --------------------------------------------------------------

    def test_layout(self):
        img = Image(self.image)
        self.assertEqual(img.magic, FSMAGIC)
        self.assertEqual(img.size, 8192)
        self.assertEqual(len(img.data), 8192 * BSIZE)
        self.assertEqual(img.logstart, 2)
        self.assertEqual(img.inodestart, img.logstart + img.nlog)
        self.assertLessEqual(img.bmapstart + (img.size + BPB - 1) // BPB, img.datastart())

    def test_root_has_dot_dotdot_proc_dev(self):
        img = Image(self.image)
        names = {n: i for n, i, _ in img.entries(ROOTINO)}
        self.assertEqual(names['.'], ROOTINO)
        self.assertEqual(names['..'], ROOTINO)
        for d in ('proc', 'dev', 'etc'):
            self.assertEqual(img.dinode(names[d])['type'], T_DIR)
        # "." , ".." and one ".." per subdirectory (proc, dev, etc)
        self.assertEqual(img.dinode(ROOTINO)['nlink'], 2 + 3)

    def test_programs_under_their_base_names(self):
        img = Image(self.image)
        for p in self.progs:
            name = os.path.basename(p).lstrip('_')
            with open(p, 'rb') as f:
                self.assertEqual(img.read(img.lookup(name)), f.read())

    def test_rootfs_files_byte_for_byte(self):
        img = Image(self.image)
        for rel, content in self.files.items():
            inum = img.lookup(rel)
            self.assertEqual(img.dinode(inum)['type'], T_FILE)
            self.assertEqual(img.dinode(inum)['nlink'], 1)
            self.assertEqual(img.read(inum), content, rel)
        # The big file needs the doubly indirect block.
        self.assertNotEqual(img.dinode(img.lookup('etc/deep/er/big'))['addrs'][NDIRECT + 1], 0)

    def test_fssize_and_errors(self):
        small = os.path.join(self.tmp, 'small.img')
        r = subprocess.run([self.mkfs, '-s', '1000', small], stdout=subprocess.PIPE)
        self.assertEqual(r.returncode, 0)
        self.assertEqual(os.path.getsize(small), 1000 * BSIZE)
        self.assertEqual(subprocess.run([self.fsck, small], stdout=subprocess.PIPE).returncode, 0)
        # Too small for the big file: a clear failure, not a bad image.
        r = subprocess.run([self.mkfs, '-s', '1000', '-d', self.root, small],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
        self.assertEqual(r.returncode, 1)
        self.assertIn('FSSIZE', r.stderr)

    # ---- fsck --------------------------------------------------------------

    def test_fsck_passes_fresh_image(self):
        code, out = self.run_fsck(Image(self.image))
        self.assertEqual(code, 0, out)
        self.assertIn('clean', out)

    def test_fsck_finds_used_block_marked_free(self):
        img = Image(self.image)
        b = img.dinode(img.lookup('etc/motd'))['addrs'][0]
        self.assertEqual(img.bit(b), 1)
        img.flip_bit(b)
        self.assert_fsck_fails(img, 'block %d is used but marked free' % b)

    def test_fsck_finds_free_block_marked_used(self):
        img = Image(self.image)
        b = img.size - 1
        self.assertEqual(img.bit(b), 0)
        img.flip_bit(b)
        self.assert_fsck_fails(img, 'block %d is marked in use but nothing uses it' % b)

    def test_fsck_finds_wrong_link_count(self):
        img = Image(self.image)
        inum = img.lookup('etc/motd')
        img.set_dinode_field(inum, 'nlink', 2)
        self.assert_fsck_fails(img, 'inode %d: link count 2' % inum)

    def test_fsck_finds_block_used_twice(self):
        img = Image(self.image)
        a, b = img.lookup('etc/motd'), img.lookup('x' * 30)
        img.set_addr(b, 0, img.dinode(a)['addrs'][0])
        self.assert_fsck_fails(img, 'used twice')

    def test_fsck_finds_entry_naming_free_inode(self):
        img = Image(self.image)
        inum = img.lookup('etc/empty')
        img.set_dinode_field(inum, 'type', 0)
        self.assert_fsck_fails(img, 'which is not allocated')

    def test_fsck_finds_unreachable_inode(self):
        img = Image(self.image)
        free = next(i for i in range(2, img.ninodes) if img.dinode(i)['type'] == 0)
        img.set_dinode_field(free, 'type', T_FILE)
        img.set_dinode_field(free, 'nlink', 1)
        self.assert_fsck_fails(img, 'inode %d (type 2, 1 links) is not reachable' % free)

    def test_fsck_finds_bad_dotdot(self):
        img = Image(self.image)
        er = img.lookup('etc/deep/er')
        off = dict((n, o) for n, _, o in img.entries(er))['..']
        d = img.dinode(er)
        struct.pack_into('<H', img.data, img.bmap(d, off // BSIZE) * BSIZE + off % BSIZE, ROOTINO)
        self.assert_fsck_fails(img, '".." is inode %d' % ROOTINO)

    def test_fsck_finds_bad_super_block(self):
        img = Image(self.image)
        struct.pack_into('<I', img.data, BSIZE, 0x10203040)
        self.assert_fsck_fails(img, 'bad magic')
        img = Image(self.image)
        struct.pack_into('<I', img.data, BSIZE + 4, 9000)     # size beyond the image
        self.assert_fsck_fails(img, 'super block inconsistent')

    def test_fsck_accepts_orphan(self):
        """An unlinked file a crash left allocated is freed by the next mount."""
        img = Image(self.image)
        inum = img.lookup('etc/motd')
        etc = img.lookup('etc')
        off = dict((n, o) for n, _, o in img.entries(etc))['motd']
        d = img.dinode(etc)
        struct.pack_into('<H', img.data, img.bmap(d, off // BSIZE) * BSIZE + off % BSIZE, 0)
        img.set_dinode_field(inum, 'nlink', 0)
        code, out = self.run_fsck(img)
        self.assertEqual(code, 0, out)
        self.assertIn('inode %d is an orphan' % inum, out)

    def test_fsck_replays_committed_log(self):
        """A committed transaction in the log is applied before checking."""
        img = Image(self.image)
        b = img.dinode(img.lookup('etc/motd'))['addrs'][0]
        good = bytes(img.data[img.bmapstart * BSIZE:(img.bmapstart + 1) * BSIZE])
        img.flip_bit(b)                       # home copy wrong ...
        log1 = (img.logstart + 1) * BSIZE
        img.data[log1:log1 + BSIZE] = good    # ... the logged copy right
        struct.pack_into('<II', img.data, img.logstart * BSIZE, 1, img.bmapstart)
        code, out = self.run_fsck(img)
        self.assertEqual(code, 0, out)
        self.assertIn('replaying 1 logged blocks', out)
        # Without the header's commit the wrong bit stays.
        struct.pack_into('<I', img.data, img.logstart * BSIZE, 0)
        self.assert_fsck_fails(img, 'marked free')


if __name__ == '__main__':
    unittest.main()
