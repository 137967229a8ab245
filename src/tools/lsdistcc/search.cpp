// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of search.hpp (upstream lsdistcc's main loop).
#include "tools/lsdistcc/search.hpp"

#include <poll.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <ctime>
#include <deque>
#include <memory>

#include "common/clock.hpp"
#include "common/strings.hpp"
#include "tools/lsdistcc/dns_schedule.hpp"
#include "tools/lsdistcc/host_check.hpp"
#include "tools/lsdistcc/output_line.hpp"
#include "tools/lsdistcc/probe.hpp"

namespace dcc::tools::lsdistcc {
namespace {

// Descriptors kept free for stdio, the resolver's pipe and the C library.
constexpr int k_reserved_fds = 16;

// -v lines on stderr, stamped with the wall clock as 3.4 stamps them.
void trace(const LsOptions& options, int level, const char* fmt, ...) __attribute__((format(printf, 3, 4)));
void trace(const LsOptions& options, int level, const char* fmt, ...) {
    if (options.verbosity < level) return;
    timespec now = clock::realtime();
    std::fprintf(stderr, "now %ld %ld: ", static_cast<long>(now.tv_sec), static_cast<long>(now.tv_nsec / 1000000));
    va_list args;
    va_start(args, fmt);
    std::vfprintf(stderr, fmt, args);
    va_end(args);
    std::fputc('\n', stderr);
}

// As many simultaneous connections as the descriptor limit allows (raised if it can be).
std::size_t connection_limit(std::size_t wanted) {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 64;
    rlim_t needed = static_cast<rlim_t>(wanted + k_reserved_fds);
    if (limit.rlim_cur < needed && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = std::min(needed, limit.rlim_max);
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
    return limit.rlim_cur > k_reserved_fds * 2 ? static_cast<std::size_t>(limit.rlim_cur) - k_reserved_fds : 16;
}

class Search {
public:
    Search(const LsOptions& options, const std::vector<HostName>& names, Resolver& resolver, const LinePrinter& print)
        : m_options(options),
          m_names(names),
          m_resolver(resolver),
          m_print(print),
          m_schedule(DnsScheduleSettings{names.size(), options.overlap, options.dns_gap, options.dns_retry_ms}),
          m_max_checks(connection_limit(names.size())) {
        m_check.port = options.port;
        m_check.connect_timeout_ms = options.connect_timeout_ms;
        m_check.compile_timeout_ms = options.compile_timeout_ms;
        m_check.protocol = options.protocol;
        if (options.probes()) m_check.request = probe_request(options.protocol, options.compiler);
    }

    int run();

private:
    struct Running {
        std::size_t index;
        Address address;
        std::unique_ptr<HostCheck> check;
    };

    void start_lookups(int64_t now);
    void take_answers(int64_t now);
    void resolved(std::size_t index, const Address& address, int64_t now);
    void start_checks(int64_t now);
    void wait_for_events(int64_t now);
    void finish_checks(int64_t now);
    void report(std::size_t index, const Address& address, bool up, long latency_ms);

    const LsOptions& m_options;
    const std::vector<HostName>& m_names;
    Resolver& m_resolver;
    const LinePrinter& m_print;
    DnsSchedule m_schedule;
    CheckSettings m_check;
    std::size_t m_max_checks;
    std::optional<Address> m_first;  // of the first host found, for -m
    bool m_any_resolved = false;
    bool m_stop_noted = false;
    std::deque<std::pair<std::size_t, Address>> m_waiting;  // resolved, no connection yet
    std::vector<Running> m_running;
    std::vector<pollfd> m_pollfds;
};

void Search::start_lookups(int64_t now) {
    for (std::size_t index : m_schedule.due(now)) {
        trace(m_options, 1, "Looking up %s", m_names[index].lookup.c_str());
        m_resolver.submit(index, m_names[index].lookup);
    }
}

void Search::take_answers(int64_t now) {
    for (const Resolution& answer : m_resolver.collect()) {
        const HostName& name = m_names[answer.index];
        bool in_subnet = answer.address &&
                         (!m_first || same_subnet(*m_first, *answer.address, m_options.subnet_bits));
        if (!m_schedule.answered(answer.index, in_subnet)) continue;
        if (!answer.address) trace(m_options, 1, "%s not found", name.lookup.c_str());
        if (answer.address && !in_subnet) trace(m_options, 1, "%s is outside the subnet", name.lookup.c_str());
        if (in_subnet) resolved(answer.index, *answer.address, now);
        if (auto started = m_schedule.stopped_after(); started && !m_stop_noted) {
            trace(m_options, 1, "Already searching up to host %zu, won't search any higher", *started);
            m_stop_noted = true;
        }
        // Each answer frees a place for the next name at once, as each of 3.4's
        // helpers did: answers that arrive together are not one step of the search.
        start_lookups(now);
    }
}

void Search::resolved(std::size_t index, const Address& address, int64_t now) {
    m_any_resolved = true;
    if (!m_first) m_first = address;
    if (m_options.connect_timeout_ms == 0) return report(index, address, true, 0);
    m_waiting.emplace_back(index, address);
    start_checks(now);
}

void Search::start_checks(int64_t now) {
    while (!m_waiting.empty() && m_running.size() < m_max_checks) {
        auto [index, address] = m_waiting.front();
        m_waiting.pop_front();
        trace(m_options, 1, "Connecting to %s", m_names[index].lookup.c_str());
        if (m_options.probes())
            trace(m_options, 3, "probe for %s: \"%s\"", m_names[index].lookup.c_str(),
                  strings::printable_prefix(m_check.request, 200).c_str());
        auto check = std::make_unique<HostCheck>(address, m_check);
        check->start(now);
        m_running.push_back(Running{index, address, std::move(check)});
    }
}

void Search::wait_for_events(int64_t now) {
    m_pollfds.assign(1, pollfd{m_resolver.ready_fd(), POLLIN, 0});
    std::optional<int64_t> wake = m_schedule.next_retry_ms();
    if (m_options.timeout_sec > 0) wake = std::min(wake.value_or(INT64_MAX), int64_t{m_options.timeout_sec} * 1000);
    for (const Running& r : m_running) {
        m_pollfds.push_back(pollfd{r.check->fd(), r.check->events(), 0});
        wake = std::min(wake.value_or(INT64_MAX), r.check->deadline_ms());
    }
    int timeout = wake ? static_cast<int>(std::clamp<int64_t>(*wake - now, 0, 60'000)) : -1;
    ::poll(m_pollfds.data(), m_pollfds.size(), timeout);
}

void Search::finish_checks(int64_t now) {
    for (std::size_t i = 0; i < m_running.size(); ++i) {
        HostCheck& check = *m_running[i].check;
        short revents = i + 1 < m_pollfds.size() && m_pollfds[i + 1].fd == check.fd() ? m_pollfds[i + 1].revents : 0;
        if (revents && !check.done()) check.on_ready(revents, now);
        if (!check.done() && now >= check.deadline_ms()) check.on_deadline(now);
    }
    for (auto it = m_running.begin(); it != m_running.end();) {
        if (!it->check->done()) {
            ++it;
            continue;
        }
        const HostName& name = m_names[it->index];
        if (!it->check->up()) trace(m_options, 1, "%s: %s", name.lookup.c_str(), it->check->why().c_str());
        if (m_options.probes())
            trace(m_options, 3, "%s answered \"%s\"", name.lookup.c_str(),
                  strings::printable_prefix(it->check->answer_head(), 64).c_str());
        report(it->index, it->address, it->check->up(), it->check->latency_ms());
        it = m_running.erase(it);
    }
}

void Search::report(std::size_t index, const Address& address, bool up, long latency_ms) {
    if (!up && !m_options.show_down) return;
    m_print(output_line(m_options, HostOutcome{m_names[index].shown, address, up, latency_ms}));
}

int Search::run() {
    int64_t start = clock::monotonic_ms();
    while (true) {
        int64_t now = clock::monotonic_ms() - start;
        if (m_options.timeout_sec > 0 && now >= int64_t{m_options.timeout_sec} * 1000) {
            trace(m_options, 1, "Timeout!");
            return 0;
        }
        start_lookups(now);
        if (m_schedule.finished() && m_running.empty() && m_waiting.empty()) break;
        wait_for_events(now);
        now = clock::monotonic_ms() - start;
        take_answers(now);
        finish_checks(now);
        start_checks(now);
    }
    return m_any_resolved ? 0 : 1;
}

}  // namespace

int search_hosts(const LsOptions& options, const std::vector<HostName>& names, Resolver& resolver,
                 const LinePrinter& print) {
    Search search(options, names, resolver, print);
    return search.run();
}

}  // namespace dcc::tools::lsdistcc
