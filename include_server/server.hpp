// SPDX-License-Identifier: GPL-2.0-or-later
// Server: the Unix-socket loop (doc/include-server.md, "Answering a request").  The main thread
// accepts connections, reads every request without blocking (a client that sends
// nothing, or half a request, holds a descriptor until its deadline and nothing
// else) and watches for SIGTERM/SIGINT.  Complete requests go to a pool of workers,
// which ask the Analyzer under one lock -- analyses are serial, so replies are
// exactly a serial server's -- and write the compressed copies and the replies
// outside the lock.  When the server is idle (no job in flight, no other request
// arriving) the main thread answers the one request itself: the hand-off to a
// worker would cost two thread wake-ups for no parallelism; a reply that does not
// fit the socket at once still goes to a worker.  Upstream answers one connection
// at a time, reading included.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/fd.hpp"
#include "common/result.hpp"
#include "include_server/analyzer.hpp"
#include "include_server/report.hpp"
#include "include_server/request.hpp"

namespace dcc::include_server {

struct ServerSettings {
    int threads = 0;                // 0: automatic
    int read_timeout_ms = 10000;    // the whole request must arrive within this
    int write_timeout_ms = 60000;   // per write of the reply
    int backlog = 4096;
    bool statistics = false;        // print the analyzer's statistics to stdout
};

class Server {
public:
    Server(Analyzer& analyzer, Reporter& reporter, ServerSettings settings);
    ~Server();

    // Create the socket at `path` (replacing any file there), mode 0600, listening.
    Status listen(const std::string& path);

    enum class Ending { signal, fatal };
    // Serve until a signal arrives on `signal_fd` (a signalfd) or a request ends
    // with a fatal error.  Requests in progress may still be running when it
    // returns; the caller holds analysis_lock() and then copies_lock() while it
    // removes the roots.
    Ending serve(int signal_fd);

    std::timed_mutex& analysis_lock() { return m_analysis; }
    // Held shared by every worker writing copies; a worker takes it before it lets
    // go of the analysis lock, so whoever holds both sees no copy being written.
    std::shared_timed_mutex& copies_lock() { return m_copies; }

private:
    struct Job {
        int fd = -1;
        Result<ServerRequest> request = make_error(ExitCode::protocol_error, "unread");
        std::string unsent;  // when not empty: the rest of a reply answered in the main thread
    };
    struct Pending;

    void worker();
    void serve_job(Job job);
    // Analyse (under the analysis lock), write the copies, and return the reply's bytes.
    std::string answer(const Result<ServerRequest>& request);
    // In the main thread: answer, write what the socket takes, leave the rest to a worker.
    void answer_inline(int fd, const Result<ServerRequest>& request);
    void push_job(Job job);
    bool idle() const { return m_in_flight.load(std::memory_order_acquire) == 0; }
    void stop_accepting();
    void accept_connections(std::vector<Pending>& pending);
    void read_pending(std::vector<Pending>& pending, const std::vector<short>& revents);
    void enqueue(int fd, Result<ServerRequest> request);

    Analyzer& m_analyzer;
    Reporter& m_reporter;
    ServerSettings m_settings;
    UniqueFd m_listen;
    UniqueFd m_wake_read, m_wake_write;
    std::timed_mutex m_analysis;
    std::shared_timed_mutex m_copies;
    std::mutex m_queue_mutex;
    std::condition_variable m_queue_ready;
    std::deque<Job> m_queue;
    std::atomic<bool> m_stopping{false};
    std::atomic<bool> m_fatal{false};
    std::atomic<int> m_in_flight{0};  // jobs pushed and not yet finished by a worker
    std::vector<std::thread> m_workers;
};

}  // namespace dcc::include_server
