// SPDX-License-Identifier: GPL-2.0-or-later
// Checking one resolved host (doc/tools.md): a non-blocking TCP connect with its own
// deadline, then -- when a compile probe is asked for -- the canned request and the
// reply check of probe.hpp under the compile deadline.  The event loop in
// lsdistcc.cpp polls fd() for events() and calls on_ready() / on_deadline(); the
// check never blocks.  Connection refused, a timeout or a bad answer mean down.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/fd.hpp"
#include "tools/lsdistcc/address.hpp"
#include "tools/lsdistcc/probe.hpp"

namespace dcc::tools::lsdistcc {

struct CheckSettings {
    int port = 3632;
    int connect_timeout_ms = 900;
    int compile_timeout_ms = 1500;
    int protocol = 1;
    std::string request;  // the probe; empty: connecting is enough
};

class HostCheck {
public:
    HostCheck(const Address& address, const CheckSettings& settings);

    // Starts connecting at `now_ms`.  A host that refuses at once is done (down).
    void start(int64_t now_ms);

    bool done() const { return m_state == State::done; }
    bool up() const { return m_up; }
    long latency_ms() const { return m_latency_ms; }
    // What went wrong, for -v ("" when up).
    const std::string& why() const { return m_why; }
    // The start of the server's answer to the probe ("" when none came).
    const std::string& answer_head() const { return m_reply.head(); }

    int fd() const { return m_fd.get(); }
    short events() const;
    int64_t deadline_ms() const { return m_deadline_ms; }

    void on_ready(short revents, int64_t now_ms);
    void on_deadline(int64_t now_ms);

private:
    enum class State { idle, connecting, sending, receiving, done };

    void finish(bool up, int64_t now_ms, std::string why = {});
    void connected(int64_t now_ms);
    void send_some(int64_t now_ms);
    void receive_some(int64_t now_ms);

    Address m_address;
    CheckSettings m_settings;
    ProbeReplyCheck m_reply;
    UniqueFd m_fd;
    State m_state = State::idle;
    std::size_t m_sent = 0;
    int64_t m_started_ms = 0;
    int64_t m_deadline_ms = 0;
    bool m_up = false;
    long m_latency_ms = 0;
    std::string m_why;
};

}  // namespace dcc::tools::lsdistcc
