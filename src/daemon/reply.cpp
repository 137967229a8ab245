// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of reply.hpp (upstream dcc_send_job / dcc_x_result_header,
// dcc_x_file).  A reply is usually one writev(2): the headers, SERR, SOUT and the
// object gathered without corking.  Objects above k_sendfile_from go from the file
// to the socket with sendfile(2) under TCP_CORK instead.
#include "daemon/reply.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/io.hpp"
#include "common/strings.hpp"
#include "proto/messages.hpp"
#include "proto/packet.hpp"

namespace dcc::daemon {
namespace {

using proto::Token;

constexpr std::size_t k_sendfile_from = 1u << 20;

Result<std::size_t> file_size(int fd) {
    struct stat st{};
    if (::fstat(fd, &st) != 0)
        return make_error(ExitCode::io_error, strings::format("fstat failed: %s", std::strerror(errno)));
    if (static_cast<unsigned long long>(st.st_size) > UINT32_MAX)
        return make_error(ExitCode::io_error, "output is too large for the protocol");
    return static_cast<std::size_t>(st.st_size);
}

// The first `size` bytes of a job file, read once from offset 0 (the compiler left
// the shared offset at the end).
Result<std::string> read_prefix(int fd, std::size_t size) {
    std::string data(size, '\0');
    std::size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::pread(fd, data.data() + done, data.size() - done, static_cast<off_t>(done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0)
            return make_error(ExitCode::io_error, strings::format("read failed: %s", n < 0 ? std::strerror(errno) : "EOF"));
        done += static_cast<std::size_t>(n);
    }
    return data;
}

// A whole job file.  Empty files, the usual SERR and SOUT, cost one fstat.
Result<std::string> read_from_start(int fd) {
    auto size = file_size(fd);
    if (!size) return std::move(size).error();
    return read_prefix(fd, *size);
}

void set_cork(int fd, bool on) {
    int value = on ? 1 : 0;
    // Fails harmlessly on pipes and Unix sockets (inetd, ssh).
    ::setsockopt(fd, IPPROTO_TCP, TCP_CORK, &value, sizeof value);
}

// Write every byte of the pieces, resuming after partial writes.
Status write_pieces(int fd, iovec* pieces, int count, int timeout_ms) {
    while (count > 0) {
        ssize_t n = ::writev(fd, pieces, count);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            DCC_TRY(io::wait_writable(fd, timeout_ms));
            continue;
        }
        if (n < 0) return make_error(ExitCode::io_error, strings::format("writev failed: %s", std::strerror(errno)));
        std::size_t left = static_cast<std::size_t>(n);
        while (count > 0 && left >= pieces->iov_len) {
            left -= pieces->iov_len;
            ++pieces;
            --count;
        }
        if (count > 0) {
            pieces->iov_base = static_cast<char*>(pieces->iov_base) + left;
            pieces->iov_len -= left;
        }
    }
    return {};
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

// DONE STAT SERR SOUT and the DOTO header into `head` (the object body is added by
// the caller).
Status reply_head(const ReplyFiles& files, const std::string& object, std::size_t object_size,
                  proto::MemorySink& head) {
    auto serr = read_from_start(files.stderr_fd);
    if (!serr) return std::move(serr).error();
    auto sout = read_from_start(files.stdout_fd);
    if (!sout) return std::move(sout).error();
    auto compression = proto::compression_for(files.version);
    DCC_TRY(proto::write_value(head, Token::done, static_cast<uint32_t>(files.version)));
    DCC_TRY(proto::write_value(head, Token::stat, files.status));
    DCC_TRY(proto::write_bulk(head, Token::serr, *serr, compression));
    DCC_TRY(proto::write_bulk(head, Token::sout, *sout, compression));
    if (files.status != 0 || compression == proto::Compression::none)
        DCC_TRY(proto::write_value(head, Token::doto, static_cast<uint32_t>(files.status != 0 ? 0 : object_size)));
    else
        DCC_TRY(proto::write_bulk(head, Token::doto, object, compression));
    // Protocol 3 success: DOTD follows, empty when the job made none (doc/protocol.md §5.4).
    if (files.status == 0 && proto::server_preprocesses(files.version))
        DCC_TRY(proto::write_bulk(head, Token::dotd, files.dotd ? *files.dotd : std::string(), compression));
    return {};
}

// What follows the object in versions 5 and 6 on success: XOUT (XKND XFIL)*.
Status reply_tail(const ReplyFiles& files, proto::MemorySink& tail) {
    if (files.status != 0 || !proto::carries_side_files(files.version)) return {};
    static const std::vector<proto::Reply::SideFile> none;
    const auto& sides = files.side_files ? *files.side_files : none;
    DCC_TRY(proto::write_value(tail, Token::xout, static_cast<uint32_t>(sides.size())));
    for (const proto::Reply::SideFile& side : sides) {
        DCC_TRY(proto::write_value(tail, Token::xknd, side.kind));
        DCC_TRY(proto::write_bulk(tail, Token::xfil, side.body, proto::compression_for(files.version)));
    }
    return {};
}

}  // namespace

Status send_reply(int out_fd, const ReplyFiles& files, bool cork, int timeout_ms) {
    std::size_t object_size = 0;
    std::string object;
    bool use_sendfile = false;
    if (files.status == 0) {
        auto size = file_size(files.object_fd);
        if (!size) return std::move(size).error();
        object_size = *size;
        use_sendfile = files.version == 1 && object_size >= k_sendfile_from;
        if (!use_sendfile) {
            auto read = read_prefix(files.object_fd, object_size);
            if (!read) return std::move(read).error();
            object = std::move(*read);
        }
    }
    // Protocol 2 compresses the object into the head; protocol 1 sends it as it is.
    proto::MemorySink sink;
    DCC_TRY(reply_head(files, object, object_size, sink));
    const std::string& head = sink.data();
    proto::MemorySink tail_sink;
    DCC_TRY(reply_tail(files, tail_sink));
    const std::string& tail = tail_sink.data();
    bool raw_object = files.status == 0 && proto::compression_for(files.version) == proto::Compression::none;
    if (use_sendfile) {
        if (cork) set_cork(out_fd, true);
        DCC_TRY(io::write_all(out_fd, head, timeout_ms));
        DCC_TRY(send_file_body(out_fd, files.object_fd, object_size, timeout_ms));
        if (cork) set_cork(out_fd, false);
        return {};
    }
    // writev only reads through iov_base.
    iovec pieces[3] = {{const_cast<char*>(head.data()), head.size()},
                       {object.data(), raw_object ? object.size() : 0},
                       {const_cast<char*>(tail.data()), tail.size()}};
    return write_pieces(out_fd, pieces, 3, timeout_ms);
}

Status send_unserved_reply(int out_fd, int version, const std::string& message, int timeout_ms) {
    proto::Reply reply;
    reply.version = version;
    reply.status = static_cast<uint32_t>(to_int(ExitCode::distcc_failed)) << 8;
    reply.serr = "distccd: " + message + "\n";
    reply.unserved = true;
    proto::MemorySink sink;
    DCC_TRY(proto::write_reply(sink, reply));
    return io::write_all(out_fd, sink.data(), timeout_ms);
}

}  // namespace dcc::daemon
