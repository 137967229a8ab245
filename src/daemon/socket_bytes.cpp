// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of socket_bytes.hpp (Linux TCP_INFO, kernel 4.1 and later for
// the byte counters).
#include "daemon/socket_bytes.hpp"

#include <linux/sockios.h>
#include <linux/tcp.h>  // glibc's tcp_info lacks the byte counters
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <cstddef>

namespace dcc::daemon {

std::optional<SocketBytes> socket_bytes(int fd) {
    tcp_info info{};
    socklen_t length = sizeof info;
    if (::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &length) != 0) return std::nullopt;
    // A kernel older than the counters hands back a shorter structure.
    if (length < offsetof(tcp_info, tcpi_bytes_received) + sizeof info.tcpi_bytes_received) return std::nullopt;
    SocketBytes bytes;
    bytes.received = info.tcpi_bytes_received;
    bytes.sent = info.tcpi_bytes_acked;
    int queued = 0;  // written, not yet acknowledged
    if (::ioctl(fd, SIOCOUTQ, &queued) == 0 && queued > 0) bytes.sent += static_cast<uint64_t>(queued);
    return bytes;
}

}  // namespace dcc::daemon
