// SPDX-License-Identifier: GPL-2.0-or-later
// In-memory fakes of every interface the client's orchestrators take (doc/architecture.md
// §5), shared by the unit tests of test/unit/client: host files, slot locks, backoff
// marks with a clock that tests move forward, the pause between slot passes, the file
// probe, JobEffects (preprocessor, remote attempts, local compiles) with scripted
// outcomes, and a Connector whose "daemon" is the other end of a socketpair.  Plus LogCapture, which collects what the code under test logs.  A fake
// that is called far more often than any scenario needs throws, so a flow that loops
// fails its test instead of hanging it.
#pragma once

#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "client/connection.hpp"
#include "client/host_file.hpp"
#include "client/job_effects.hpp"
#include "client/lock_store.hpp"
#include "client/slots.hpp"
#include "common/fd.hpp"
#include "common/log.hpp"
#include "compiler/file_probe.hpp"
#include "proto/messages.hpp"

namespace dcc::client::fakes {

// Host files by path, and what a zeroconf browser found per DISTCC_DIR.
class FakeReader final : public FileReader {
public:
    std::map<std::string, std::string> files;
    std::vector<std::string> reads;
    Result<std::string> read(const std::string& path, std::size_t max_size) override {
        reads.push_back(path);
        auto it = files.find(path);
        if (it == files.end()) return make_error(ExitCode::no_such_file, "missing " + path);
        if (it->second.size() > max_size) return make_error(ExitCode::io_error, "too big " + path);
        return it->second;
    }
    std::map<std::string, std::string> discovered;
    std::optional<Error> browser_error;
    std::vector<std::string> browsed;
    std::optional<zeroconf::ClientAbilities> browsed_for;
    Result<std::string> zeroconf_hosts(const std::string& dir, const zeroconf::ClientAbilities& client) override {
        browsed.push_back(dir);
        browsed_for = client;
        if (browser_error) return *browser_error;
        return discovered[dir];
    }
};

// Slot locks: `held` by the code under test, `foreign` by "another process".
class FakeLocks final : public LockService {
public:
    std::set<std::string> held;
    std::set<std::string> foreign;
    std::map<int, std::string> handles;
    std::vector<std::string> attempts;
    bool broken = false;
    int next_handle = 100;

    Result<std::optional<int>> try_lock(const std::string& name) override {
        attempts.push_back(name);
        if (broken) return make_error(ExitCode::io_error, "lock dir unusable");
        if (held.count(name) || foreign.count(name)) return std::optional<int>();
        held.insert(name);
        handles[next_handle] = name;
        return std::optional<int>(next_handle++);
    }
    void unlock(int handle) override {
        held.erase(handles[handle]);
        handles.erase(handle);
    }
    std::vector<std::string> announced;
    void announce_release(int handle) override { announced.push_back(handles[handle]); }
};

// Counts the pauses between slot passes; `on_pause` lets a test change the world
// while the code under test waits (free a slot, say).
class CountingPauser final : public Pauser {
public:
    static constexpr int k_max_calls = 1000;
    int calls = 0;
    int total_ms = 0;
    std::function<void()> on_pause;
    void pause(int ms) override {
        if (++calls > k_max_calls) throw std::runtime_error("waited for a slot more than 1000 times");
        total_ms += ms;
        if (on_pause) on_pause();
    }
};

// Backoff marks by name with their age in seconds.  advance() is the clock: every
// mark gets older.
class FakeBackoffStore final : public BackoffStore {
public:
    std::map<std::string, double> ages;
    std::set<std::string> unreadable;
    std::vector<std::string> touched, removed;

    void advance(double seconds) {
        for (auto& [name, age] : ages) age += seconds;
    }
    bool marked(const std::string& name) const { return ages.count(name) > 0; }

    Result<std::optional<double>> age_seconds(const std::string& name) override {
        if (unreadable.count(name)) return make_error(ExitCode::io_error, "cannot stat " + name);
        auto it = ages.find(name);
        return it == ages.end() ? std::optional<double>() : std::optional<double>(it->second);
    }
    Status touch(const std::string& name) override {
        touched.push_back(name);
        ages[name] = 0;
        return {};
    }
    void remove(const std::string& name) override {
        removed.push_back(name);
        ages.erase(name);
    }
};

// A file system where exactly `executables` exist (as executable regular files).
class FakeProbe final : public compiler::FileProbe {
public:
    std::set<std::string> executables;
    bool is_executable(const std::string& path) const override { return executables.count(path) > 0; }
    std::optional<std::string> read_link(const std::string&) const override { return std::nullopt; }
    bool is_regular_file(const std::string& path) const override { return executables.count(path) > 0; }
};

// One remote attempt's outcome, for scripting FakeEffects.
inline RemoteOutcome outcome(AttemptResult::Kind kind, int exit_code = 0, ExitCode error_code = ExitCode::ok,
                             std::string server_stderr = {}) {
    RemoteOutcome o;
    o.attempt.kind = kind;
    o.attempt.exit_code = exit_code;
    o.attempt.error_code = error_code;
    o.attempt.message = "scripted";
    o.server_stderr = std::move(server_stderr);
    return o;
}

// The preprocessor, remote attempts and local compiles, scripted.  A host without a
// scripted outcome succeeds; each attempt on a host takes the next of its outcomes
// (the last one repeats).
class FakeEffects final : public JobEffects {
public:
    // Preprocessor
    std::vector<std::vector<std::string>> preprocessor_runs;
    std::optional<Error> preprocessor_error;
    // Remote attempts, by host text
    static constexpr std::size_t k_max_attempts = 100;
    std::map<std::string, std::deque<RemoteOutcome>> remote;
    std::vector<std::string> attempted;            // host texts, in order
    std::vector<std::set<std::string>> locks_held;  // FakeLocks::held during each attempt
    const FakeLocks* locks = nullptr;               // optional, for locks_held
    // Local compiles
    std::vector<std::vector<std::string>> local_runs;
    int local_wait_status = 0;  // raw wait status: exit code << 8
    std::optional<Error> local_error;

    void script(const std::string& host, std::vector<RemoteOutcome> outcomes) {
        remote[host] = std::deque<RemoteOutcome>(outcomes.begin(), outcomes.end());
    }

    Result<PreprocessedSource> start_preprocessor(const std::vector<std::string>& cpp_argv, const std::string&,
                                                  const std::string& extension, SlotLock) override {
        preprocessor_runs.push_back(cpp_argv);
        if (preprocessor_error) return *preprocessor_error;
        return PreprocessedSource::already_preprocessed("fake" + extension);
    }

    RemoteOutcome attempt_remote(const RemoteRequest& request, PreprocessedSource&, const RemoteSettings&,
                                 StateWriter&) override {
        attempted.push_back(request.host->text);
        if (attempted.size() > k_max_attempts) throw std::runtime_error("more than 100 remote attempts in one job");
        if (locks) locks_held.push_back(locks->held);
        auto it = remote.find(request.host->text);
        if (it == remote.end() || it->second.empty()) return outcome(AttemptResult::Kind::success);
        RemoteOutcome next = it->second.front();
        if (it->second.size() > 1) it->second.pop_front();
        return next;
    }

    // Pump attempts are scripted like plain ones (same `remote` outcomes by host);
    // `pumped` records which attempts went out in protocol 3.
    std::vector<std::string> pumped;
    RemoteOutcome attempt_pump(const RemoteRequest& request, const PumpPayload&, const RemoteSettings& settings,
                               StateWriter& state) override {
        pumped.push_back(request.host->text);
        PreprocessedSource none = PreprocessedSource::already_preprocessed("pump.i");
        return attempt_remote(request, none, settings, state);
    }

    Result<int> run_compiler(const std::vector<std::string>& argv) override {
        local_runs.push_back(argv);
        if (local_error) return *local_error;
        return local_wait_status;
    }

    // Side-file probes (doc/protocol.md §16.1): the answer by host text (default: no).
    std::map<std::string, std::optional<std::uint32_t>> side_answers;  // XCAP bits
    std::vector<std::string> probed;
    std::optional<std::uint32_t> probe_side_files(const HostSpec& host, const RemoteSettings&, StateWriter&) override {
        probed.push_back(host.text);
        if (probed.size() > k_max_attempts) throw std::runtime_error("more than 100 probes in one job");
        auto it = side_answers.find(host.text);
        return it == side_answers.end() ? std::optional<std::uint32_t>(0) : it->second;
    }
};

// A daemon at the other end of a socketpair: open() hands the client one end after
// the "server" has written `reply_bytes` and hung up its sending side; the test
// reads what the client sent with request_bytes() afterwards.  With `error` set,
// open() fails as a refused connect would.
class FakeConnector final : public Connector {
public:
    std::optional<Error> error;
    std::string reply_bytes;
    std::vector<std::string> opened;  // host texts
    UniqueFd server;                  // the server's end of the last connection

    // The wire bytes of `reply` (proto::write_reply).
    static std::string encode(const proto::Reply& reply) {
        proto::MemorySink sink;
        EXPECT_TRUE(proto::write_reply(sink, reply).ok());
        return sink.data();
    }

    Result<Connection> open(const HostSpec& host, const TransportSettings&) override {
        opened.push_back(host.text);
        if (error) return *error;
        int fds[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
            return make_error(ExitCode::io_error, "socketpair failed");
        UniqueFd client(fds[0]);
        server = UniqueFd(fds[1]);
        // Replies in tests are far smaller than a socket buffer.
        if (::write(server.get(), reply_bytes.data(), reply_bytes.size()) != static_cast<ssize_t>(reply_bytes.size()))
            return make_error(ExitCode::io_error, "reply does not fit the socket buffer");
        ::shutdown(server.get(), SHUT_WR);
        return Connection::from_descriptors(std::move(client), UniqueFd());
    }

    // Everything the client wrote, once it has closed its end.
    std::string request_bytes() {
        std::string out;
        char buffer[4096];
        ssize_t n;
        while ((n = ::read(server.get(), buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<std::size_t>(n));
        return out;
    }
};

// Collects every log line written while it lives (all levels from `level`), then
// restores logging to stderr at warning.
class LogCapture {
public:
    explicit LogCapture(log::Level level = log::Level::debug) : m_fd(::memfd_create("log", 0)) {
        log::set_level(level);
        log::to_fd(m_fd);
    }
    ~LogCapture() {
        log::to_stderr();
        log::set_level(log::Level::warning);
        ::close(m_fd);
    }
    LogCapture(const LogCapture&) = delete;
    LogCapture& operator=(const LogCapture&) = delete;

    std::string text() const {
        std::string out;
        char buffer[4096];
        off_t offset = 0;
        ssize_t n;
        while ((n = ::pread(m_fd, buffer, sizeof buffer, offset)) > 0) {
            out.append(buffer, static_cast<std::size_t>(n));
            offset += n;
        }
        return out;
    }
    bool contains(const std::string& words) const { return text().find(words) != std::string::npos; }

private:
    int m_fd;
};

}  // namespace dcc::client::fakes
