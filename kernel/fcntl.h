/* open(2) flags with xv6's values (Linux spells O_CREATE as O_CREAT = 0100). */
#ifndef _KERNEL_FCNTL_H
#define _KERNEL_FCNTL_H

#define O_RDONLY  0x000
#define O_WRONLY  0x001
#define O_RDWR    0x002
#define O_CREATE  0x200
#define O_TRUNC   0x400
#define O_ACCMODE 0x003

#endif
