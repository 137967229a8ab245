// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of io.hpp on top of read/write/poll.
#include "common/io.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/strings.hpp"

namespace dcc::io {
namespace {

Status wait_for(int fd, short events, int timeout_ms, const char* what) {
    struct pollfd p{};
    p.fd = fd;
    p.events = events;
    while (true) {
        int n = ::poll(&p, 1, timeout_ms);
        if (n > 0) return {};
        if (n == 0)
            return make_error(ExitCode::io_error,
                              strings::format("timeout after %ds waiting to %s fd %d", timeout_ms / 1000, what, fd));
        if (errno != EINTR)
            return make_error(ExitCode::io_error, strings::format("poll on fd %d failed: %s", fd, std::strerror(errno)));
    }
}

}  // namespace

Status wait_readable(int fd, int timeout_ms) { return wait_for(fd, POLLIN, timeout_ms, "read from"); }
Status wait_writable(int fd, int timeout_ms) { return wait_for(fd, POLLOUT, timeout_ms, "write to"); }

Result<bool> readable_within(int fd, int timeout_ms) {
    struct pollfd p{};
    p.fd = fd;
    p.events = POLLIN;
    while (true) {
        int n = ::poll(&p, 1, timeout_ms);
        if (n >= 0) return n > 0;
        if (errno != EINTR)
            return make_error(ExitCode::io_error, strings::format("poll on fd %d failed: %s", fd, std::strerror(errno)));
    }
}

Status write_all(int fd, const void* data, std::size_t size, int timeout_ms) {
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
        ssize_t n = ::write(fd, p, size);
        if (n > 0) {
            p += n;
            size -= static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            DCC_TRY(wait_writable(fd, timeout_ms));
            continue;
        }
        return make_error(ExitCode::io_error,
                          strings::format("failed to write to fd %d: %s", fd, n < 0 ? std::strerror(errno) : "no progress"));
    }
    return {};
}

Result<std::size_t> read_some(int fd, void* data, std::size_t size, int timeout_ms) {
    while (true) {
        ssize_t n = ::read(fd, data, size);
        if (n >= 0) return static_cast<std::size_t>(n);
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            DCC_TRY(wait_readable(fd, timeout_ms));
            continue;
        }
        return make_error(ExitCode::io_error, strings::format("failed to read from fd %d: %s", fd, std::strerror(errno)));
    }
}

Status read_exact(int fd, void* data, std::size_t size, int timeout_ms) {
    char* p = static_cast<char*>(data);
    std::size_t done = 0;
    while (done < size) {
        auto n = read_some(fd, p + done, size - done, timeout_ms);
        if (!n) return std::move(n).error();
        if (*n == 0)
            return make_error(ExitCode::truncated,
                              strings::format("unexpected EOF on fd %d after %zu of %zu bytes", fd, done, size));
        done += *n;
    }
    return {};
}

std::string read_available(int fd, std::size_t max) {
    std::string out;
    while (out.size() < max) {
        struct pollfd p{};
        p.fd = fd;
        p.events = POLLIN;
        if (::poll(&p, 1, 0) <= 0 || !(p.revents & POLLIN)) break;
        char buf[256];
        std::size_t want = std::min(sizeof buf, max - out.size());
        ssize_t n = ::read(fd, buf, want);
        if (n <= 0) break;
        out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
}

Status set_nonblocking(int fd, bool on) {
    int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0) return make_error(ExitCode::io_error, strings::format("fcntl(F_GETFL) failed: %s", std::strerror(errno)));
    int wanted = on ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK);
    if (wanted != flags && ::fcntl(fd, F_SETFL, wanted) < 0)
        return make_error(ExitCode::io_error, strings::format("fcntl(F_SETFL) failed: %s", std::strerror(errno)));
    return {};
}

Status set_cloexec(int fd) {
    int flags = ::fcntl(fd, F_GETFD);
    if (flags < 0 || ::fcntl(fd, F_SETFD, flags | FD_CLOEXEC) < 0)
        return make_error(ExitCode::io_error, strings::format("fcntl(FD_CLOEXEC) failed: %s", std::strerror(errno)));
    return {};
}

}  // namespace dcc::io
