// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of auth_intake.hpp (the blocking original is upstream
// dcc_gssapi_check_client; auth::Acceptor::authenticate_client keeps it for --inetd
// and --no-fork).
#include "daemon/auth_intake.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/log.hpp"
#include "common/strings.hpp"
#include "proto/stream.hpp"

namespace dcc::daemon {
namespace {

// A token is at most auth::k_max_token_size; one read takes at most this much.
constexpr std::size_t k_read_chunk = 16 * 1024;
// Fairness between connections: a client cannot keep the dispatcher in one call.
constexpr std::size_t k_max_read_per_event = 2 * auth::k_max_token_size;

// The server's replies are a few KB on a fresh connection, so they fit the socket's
// send buffer; a client that leaves them unread is not waited for.
Status send_now(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return make_error(ExitCode::io_error, "the client does not read the handshake replies");
        if (n < 0) return make_error(ExitCode::io_error, strings::format("send failed: %s", std::strerror(errno)));
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return {};
}

}  // namespace

void AuthIntake::admit(UniqueFd fd, const PeerAddress& peer, int64_t now_ms) {
    int raw = fd.get();
    Connection c;
    c.fd = std::move(fd);
    c.peer = peer;
    c.accepted_ms = c.last_byte_ms = now_ms;
    Connection& stored = m_connections.admit(raw, std::move(c), now_ms, [this](int oldest) { forget(oldest); });
    schedule(stored, raw);
}

void AuthIntake::forget(int fd) { m_connections.erase(fd); }

void AuthIntake::schedule(const Connection& c, int fd) {
    m_connections.schedule(fd, std::min(c.accepted_ms + m_settings.request_timeout_ms,
                                        c.last_byte_ms + m_settings.idle_timeout_ms));
}

Status AuthIntake::answer(Connection& c, auth::ClientHandshakeFramer::Item item) {
    using Item = auth::ClientHandshakeFramer::Item;
    if (item == Item::handshake) {
        DCC_INFO("Performing authentication.");
        c.exchange.emplace(m_acceptor->start_exchange());
        return send_now(c.fd.get(), std::string_view(&auth::k_handshake, 1));
    }
    if (item != Item::token) return {};
    auto step = c.exchange->accept(c.framer.take_token());
    if (!step) return std::move(step).error();
    if (!step->reply.empty()) {
        proto::MemorySink framed;
        DCC_TRY(auth::write_token(framed, step->reply));
        DCC_TRY(send_now(c.fd.get(), framed.data()));
    }
    if (!step->established) return {};
    auto verdict = c.exchange->conclude();
    if (!verdict) return std::move(verdict).error();
    char reply = verdict->admitted ? auth::k_access_granted : auth::k_access_denied;
    DCC_TRY(send_now(c.fd.get(), std::string_view(&reply, 1)));
    if (!verdict->admitted) return auth::access_denied(verdict->principal);
    c.principal = std::move(verdict->principal);
    c.authenticated = true;
    return {};
}

AuthIntake::Progress AuthIntake::on_readable(int fd, int64_t now_ms) {
    Connection* found = m_connections.find(fd);
    if (!found) return Progress::closed;
    Connection& c = *found;
    std::size_t this_event = 0;
    while (!c.authenticated && this_event < k_max_read_per_event) {
        // Never more than the current item needs: the request after the handshake
        // stays in the socket for the request intake.
        char buffer[k_read_chunk];
        std::size_t want = std::min(c.framer.wanted(), sizeof buffer);
        ssize_t n = ::read(fd, buffer, want);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        if (n <= 0) {
            // Gone before the handshake ended; a port probe (nothing sent) is not worth a line.
            if (c.received > 0)
                DCC_INFO("client %s closed the connection during the GSS-API handshake after %llu bytes",
                         describe_peer(c.peer).c_str(), static_cast<unsigned long long>(c.received));
            forget(fd);
            return Progress::closed;
        }
        this_event += static_cast<std::size_t>(n);
        c.received += static_cast<uint64_t>(n);
        c.last_byte_ms = now_ms;
        auto item = c.framer.feed(std::string_view(buffer, static_cast<std::size_t>(n)));
        Status answered = item ? answer(c, *item) : Status(std::move(item).error());
        if (!answered) {
            // As the blocking handshake (JobServer::authenticate) says it.
            DCC_ERROR("GSS-API authentication of client '%s' failed: %s", describe_peer(c.peer).c_str(),
                      answered.error().message.c_str());
            forget(fd);
            return Progress::closed;
        }
    }
    if (!c.authenticated) {
        schedule(c, fd);
        return Progress::handshaking;
    }
    return Progress::authenticated;
}

std::optional<Authenticated> AuthIntake::take(int fd) {
    Connection* c = m_connections.find(fd);
    if (!c || !c->authenticated) return std::nullopt;
    Authenticated done{std::move(c->fd), c->peer, std::move(c->principal)};
    forget(fd);
    return done;
}

std::size_t AuthIntake::expire(int64_t now_ms) {
    std::size_t closed = 0;
    while (auto due = m_connections.due(now_ms)) {
        int fd = *due;
        const Connection& c = *m_connections.find(fd);
        std::string client = describe_peer(c.peer);
        if (now_ms - c.accepted_ms >= m_settings.request_timeout_ms)
            DCC_WARNING("client %s did not complete its GSS-API handshake in %ld s; closing after %llu bytes",
                        client.c_str(), static_cast<long>(m_settings.request_timeout_ms / 1000),
                        static_cast<unsigned long long>(c.received));
        else
            DCC_INFO("client %s sent nothing for %ld s; closing", client.c_str(),
                     static_cast<long>((now_ms - c.last_byte_ms) / 1000));
        forget(fd);
        ++closed;
    }
    return closed;
}

int64_t AuthIntake::next_check_ms() const { return m_connections.next_check_ms(); }

void AuthIntake::close_descriptors_in_child() const {
    m_connections.for_each([](int fd, const Connection&) { ::close(fd); });
}

}  // namespace dcc::daemon
