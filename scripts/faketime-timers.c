/*
 * A companion to Debian's libfaketime (0.9.10) for the test runs with a shifted clock.
 *
 * libfaketime fakes what clock_gettime() returns, but it translates absolute timerfd deadlines
 * wrongly: a CLOCK_MONOTONIC deadline computed from the faked clock reaches the kernel unchanged
 * (a wait of decades), or shifted by the realtime offset (a negative time, EINVAL). libdispatch
 * arms every timer that way, so under plain libfaketime Task.sleep, DispatchQueue.asyncAfter and
 * URLSession's timeouts never fire.
 *
 * Loaded before libfaketime (scripts/test puts it first in LD_PRELOAD), this library records the
 * clock of every timerfd and turns an absolute deadline on the faked clock into the same instant
 * on the kernel's clock: deadline - (faked now - real now). Relative deadlines pass unchanged.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

enum { tracked_fds = 65536 };
static clockid_t clock_of_fd[tracked_fds];

int timerfd_create(int clockid, int flags) {
    int fd = (int)syscall(SYS_timerfd_create, clockid, flags);
    if (fd >= 0 && fd < tracked_fds) clock_of_fd[fd] = clockid;
    return fd;
}

static long long nanoseconds(struct timespec t) { return t.tv_sec * 1000000000LL + t.tv_nsec; }

int timerfd_settime(int fd, int flags, const struct itimerspec *new_value, struct itimerspec *old_value) {
    struct itimerspec value = *new_value;
    int armed = value.it_value.tv_sec != 0 || value.it_value.tv_nsec != 0;
    if ((flags & TFD_TIMER_ABSTIME) && armed && fd >= 0 && fd < tracked_fds) {
        struct timespec faked, real;
        clock_gettime(clock_of_fd[fd], &faked);             /* through libfaketime */
        syscall(SYS_clock_gettime, clock_of_fd[fd], &real); /* straight from the kernel */
        long long deadline = nanoseconds(value.it_value) - (nanoseconds(faked) - nanoseconds(real));
        if (deadline < 1) deadline = 1;
        value.it_value.tv_sec = deadline / 1000000000LL;
        value.it_value.tv_nsec = deadline % 1000000000LL;
    }
    return (int)syscall(SYS_timerfd_settime, fd, flags, &value, old_value);
}

int timerfd_gettime(int fd, struct itimerspec *curr_value) {
    return (int)syscall(SYS_timerfd_gettime, fd, curr_value);
}
