/* Deliberate kernel crashes for testing the crash reports (Linux: drivers/misc/lkdtm/). */
#ifndef _KERNEL_LKDTM_H
#define _KERNEL_LKDTM_H

/* Run the crash named by lkdtm= on the command line, if any. */
void lkdtm_boot(void);

#endif
