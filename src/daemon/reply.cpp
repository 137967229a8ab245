// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of reply.hpp (upstream dcc_send_job / dcc_x_result_header,
// dcc_x_file with sendfile).
#include "daemon/reply.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/files.hpp"
#include "common/io.hpp"
#include "common/strings.hpp"
#include "proto/messages.hpp"
#include "proto/packet.hpp"

namespace dcc::daemon {
namespace {

using proto::Token;

constexpr std::size_t k_max_item = UINT32_MAX;

Result<std::size_t> file_size(int fd) {
    struct stat st{};
    if (::fstat(fd, &st) != 0)
        return make_error(ExitCode::io_error, strings::format("fstat failed: %s", std::strerror(errno)));
    return static_cast<std::size_t>(st.st_size);
}

// The whole content of a job file from offset 0 (the compiler left the shared
// offset at the end).
Result<std::string> read_from_start(int fd) {
    if (::lseek(fd, 0, SEEK_SET) < 0)
        return make_error(ExitCode::io_error, strings::format("lseek failed: %s", std::strerror(errno)));
    return files::read_fd(fd, k_max_item);
}

void set_cork(int fd, bool on) {
    int value = on ? 1 : 0;
    // Fails harmlessly on pipes and Unix sockets (inetd, ssh).
    ::setsockopt(fd, IPPROTO_TCP, TCP_CORK, &value, sizeof value);
}

Status send_file_body(int out_fd, int in_fd, std::size_t size, int timeout_ms) {
    off_t offset = 0;
    while (static_cast<std::size_t>(offset) < size) {
        ssize_t n = ::sendfile(out_fd, in_fd, &offset, size - static_cast<std::size_t>(offset));
        if (n > 0) continue;
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            DCC_TRY(io::wait_writable(out_fd, timeout_ms));
            continue;
        }
        return make_error(ExitCode::io_error,
                          strings::format("sendfile failed: %s", n < 0 ? std::strerror(errno) : "file shrank"));
    }
    return {};
}

Status send_object(proto::FdSink& sink, int out_fd, const ReplyFiles& files, int timeout_ms) {
    if (files.status != 0) {
        DCC_TRY(proto::write_value(sink, Token::doto, 0));
        return sink.flush();
    }
    if (files.version >= 2) {
        auto object = read_from_start(files.object_fd);
        if (!object) return std::move(object).error();
        DCC_TRY(proto::write_bulk(sink, Token::doto, *object, proto::Compression::lzo));
        return sink.flush();
    }
    auto size = file_size(files.object_fd);
    if (!size) return std::move(size).error();
    if (*size > UINT32_MAX) return make_error(ExitCode::io_error, "object file is too large for the protocol");
    DCC_TRY(proto::write_value(sink, Token::doto, static_cast<uint32_t>(*size)));
    DCC_TRY(sink.flush());
    return send_file_body(out_fd, files.object_fd, *size, timeout_ms);
}

}  // namespace

Status send_reply(int out_fd, const ReplyFiles& files, bool cork, int timeout_ms) {
    auto serr = read_from_start(files.stderr_fd);
    if (!serr) return std::move(serr).error();
    auto sout = read_from_start(files.stdout_fd);
    if (!sout) return std::move(sout).error();
    auto compression = proto::compression_for(files.version);
    if (cork) set_cork(out_fd, true);
    proto::FdSink sink(out_fd, timeout_ms);
    DCC_TRY(proto::write_value(sink, Token::done, static_cast<uint32_t>(files.version)));
    DCC_TRY(proto::write_value(sink, Token::stat, files.status));
    DCC_TRY(proto::write_bulk(sink, Token::serr, *serr, compression));
    DCC_TRY(proto::write_bulk(sink, Token::sout, *sout, compression));
    DCC_TRY(send_object(sink, out_fd, files, timeout_ms));
    if (cork) set_cork(out_fd, false);
    return {};
}

}  // namespace dcc::daemon
