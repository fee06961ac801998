// SPDX-License-Identifier: GPL-2.0
/* command.c - shell commands of a script; see command.h. */
#include "command.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* Output beyond this is dropped: a runaway command must not eat memory. */
#define COMMAND_OUTPUT_MAX (1024 * 1024)

/*
 * packetdrill's corpus names the runner's pid: its set_sysctls.py writes
 * /tmp/sysctl_restore_${PACKETDRILL_PID}.sh and a later command runs
 * /tmp/sysctl_restore_${PPID}.sh, so both must be the process that starts
 * the shells - the run, our parent here.
 */
static void command_set_runner_pid(void)
{
	char pid[24];

	snprintf(pid, sizeof(pid), "%d", (int)getppid());
	setenv("PACKETDRILL_PID", pid, 1);
}

static void command_exec_child(const char *text, const char *dir, int out_fd)
{
	command_set_runner_pid();
	dup2(out_fd, STDOUT_FILENO);
	dup2(out_fd, STDERR_FILENO);
	close(out_fd);
	if (dir && chdir(dir) != 0)
		_exit(127);
	signal(SIGPIPE, SIG_DFL);
	execl("/bin/sh", "sh", "-c", text, (char *)NULL);
	_exit(127);
}

static int command_append(struct command_result *result, const char *buf,
			  size_t len)
{
	char *grown;

	if (result->output_len + len > COMMAND_OUTPUT_MAX)
		len = COMMAND_OUTPUT_MAX - result->output_len;
	if (len == 0)
		return 0;
	grown = realloc(result->output, result->output_len + len + 1);
	if (!grown)
		return -1;
	memcpy(grown + result->output_len, buf, len);
	result->output = grown;
	result->output_len += len;
	grown[result->output_len] = '\0';
	return 0;
}

/* Read what is there now; 1 at end of file, 0 when more may come. */
static int command_drain(int fd, struct command_result *result)
{
	char buf[4096];
	ssize_t n;

	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n > 0) {
			command_append(result, buf, (size_t)n);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		return n == 0 ? 1 : 0;
	}
}

/*
 * Wait for the shell, collecting output until it exits. A pidfd tells us
 * the moment it exits even while a background child of it keeps the pipe
 * open.
 */
static int command_collect(pid_t pid, int out_fd, struct command_result *result)
{
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0), status = 0, eof = 0;
	struct pollfd fds[2] = {
		{ .fd = out_fd, .events = POLLIN },
		{ .fd = pidfd, .events = POLLIN },
	};

	/* Without pidfds (old kernels, valgrind) the output's end is the
	 * shell's end: collect until then. */
	while (!eof) {
		if (poll(fds, pidfd >= 0 ? 2 : 1, -1) < 0 && errno != EINTR)
			break;
		if (fds[0].revents)
			eof = command_drain(out_fd, result);
		if (pidfd >= 0 && (fds[1].revents & POLLIN))
			break;
	}
	command_drain(out_fd, result);
	if (pidfd >= 0)
		close(pidfd);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}

int command_run(const char *text, const char *dir,
		struct command_result *result, struct error *err)
{
	int pipe_fds[2], status;
	pid_t pid;

	memset(result, 0, sizeof(*result));
	result->output = calloc(1, 1);
	if (!result->output)
		return error_set(err, "out of memory");
	if (pipe2(pipe_fds, O_CLOEXEC) != 0)
		return error_set(err, "pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0) {
		close(pipe_fds[0]);
		close(pipe_fds[1]);
		return error_set(err, "fork: %s", strerror(errno));
	}
	if (pid == 0)
		command_exec_child(text, dir, pipe_fds[1]);
	close(pipe_fds[1]);
	fcntl(pipe_fds[0], F_SETFL, O_NONBLOCK);
	status = command_collect(pid, pipe_fds[0], result);
	close(pipe_fds[0]);
	if (WIFEXITED(status))
		result->exit_status = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		result->exit_status = 128 + WTERMSIG(status);
	return 0;
}

void command_result_free(struct command_result *result)
{
	free(result->output);
	memset(result, 0, sizeof(*result));
}
