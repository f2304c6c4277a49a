/*
 * Parsing the boot command line (Linux: init/main.c do_early_param,
 * kernel/params.c parse_args and next_arg). Words are separated by
 * spaces; "name=value" or a bare "name"; double quotes group spaces.
 */
#include "init.h"
#include "devicetree.h"
#include "printk.h"
#include "string.h"
#include "errno.h"

extern const struct obs_kernel_param __start_early_param[], __stop_early_param[];
char boot_command_line[COMMAND_LINE_SIZE];

/* Split off the next word; returns the rest of the line. */
static char *next_arg(char *args, char **param, char **val)
{
	bool in_quote = false;
	char *p = args, *s0 = args;

	*val = NULL;
	if (*p == '"') {
		p++;
		args++;
		in_quote = true;
	}
	for (; *p && (in_quote || *p != ' '); p++) {
		if (*p == '"')
			in_quote = !in_quote;
		else if (*p == '=' && !*val)
			*val = p + 1;
	}
	*param = args;
	if (*val)
		(*val)[-1] = '\0';
	/* "name=value" quoted whole: drop the closing quote too. */
	if (args != s0 && p > args && p[-1] == '"')
		p[-1] = '\0';
	if (*p)
		*p++ = '\0';
	/* name="a value": drop the quotes around the value. */
	if (*val && **val == '"') {
		size_t n;

		(*val)++;
		n = strlen(*val);
		if (n && (*val)[n - 1] == '"')
			(*val)[n - 1] = '\0';
	}
	while (*p == ' ')
		p++;
	return p;
}

static const struct obs_kernel_param *find_param(const char *name)
{
	for (const struct obs_kernel_param *p = __start_early_param; p < __stop_early_param; p++)
		if (strcmp(p->str, name) == 0)
			return p;
	return NULL;
}

int parse_early_param(const char *cmdline)
{
	char buf[COMMAND_LINE_SIZE], *args = buf, *param, *val;
	int errors = 0;

	strlcpy(boot_command_line, cmdline, sizeof(boot_command_line));
	strlcpy(buf, cmdline, sizeof(buf));
	while (*args == ' ')
		args++;
	while (*args) {
		const struct obs_kernel_param *p;
		int err;

		args = next_arg(args, &param, &val);
		if (!*param && !val)
			continue;
		p = find_param(param);
		if (!p) {
			pr_warn("Unknown kernel command line parameters \"%s%s%s\", ignored\n",
				param, val ? "=" : "", val ? val : "");
			errors++;
			continue;
		}
		err = p->setup_func(val ? val : (char *)"");
		if (err) {
			pr_warn("Malformed early option '%s=%s' (error %d), ignored\n",
				param, val ? val : "", err);
			errors++;
		}
	}
	return errors;
}

static int early_loglevel(char *val)
{
	unsigned long v;

	if (kstrtoul(val, 10, &v) || v > 15)
		return -EINVAL;
	console_loglevel = v;
	return 0;
}
early_param("loglevel", early_loglevel);

/* Linux's "debug" and "quiet" are shorthands for loglevels. */
static int early_debug(char *val)
{
	if (*val)
		return -EINVAL;
	console_loglevel = LOGLEVEL_DEBUG;
	return 0;
}
early_param("debug", early_debug);

static int early_quiet(char *val)
{
	if (*val)
		return -EINVAL;
	console_loglevel = LOGLEVEL_WARNING;
	return 0;
}
early_param("quiet", early_quiet);

extern const initcall_t __initcall_start[], __initcall_end[];

/* Linux: init/main.c do_initcalls(). The linker script orders the levels. */
void do_initcalls(void)
{
	const initcall_t *fn;

	for (fn = __initcall_start; fn < __initcall_end; fn++) {
		int ret = (*fn)();

		if (ret)
			pr_err("initcall %pS returned %d\n", (void *)*fn, ret);
	}
}
