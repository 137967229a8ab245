// SPDX-License-Identifier: GPL-2.0-or-later
// The two kinds of files in $DISTCC_DIR/lock (doc/client.md §8 and §11.3) behind
// small interfaces: slot locks (`cpu_<host>_<n>`, exclusive non-blocking fcntl
// write locks, shared with distcc 3.4 clients on the same machine) and backoff marks
// (`backoff_<host>_0`, judged by their mtime).  The slot and backoff policies take
// these interfaces so unit tests run them against in-memory fakes; LockDirectory is
// the real one.  Deciding which slot to take is not done here (slots.hpp).
#pragma once

#include <optional>
#include <string>

#include "common/fd.hpp"
#include "common/result.hpp"

namespace dcc::client {

class LockService {
public:
    virtual ~LockService() = default;
    // Take the lock named `name` without waiting.  A handle when taken, nullopt when
    // someone else holds it, an error when the lock file cannot be used at all.
    virtual Result<std::optional<int>> try_lock(const std::string& name) = 0;
    virtual void unlock(int handle) = 0;
    // Does someone hold the lock `name`?  Counts without keeping anything; the
    // default takes and drops it, LockDirectory also creates no file (one that does
    // not exist is free), so that counting leaves the lock directory as 3.4 would.
    virtual Result<bool> held_elsewhere(const std::string& name);
    // Tell clients waiting for a slot (release_wait.hpp) that the lock behind
    // `handle` is about to be released (after a job, or a free slot a pass held
    // while choosing another host); nothing by default.
    virtual void announce_release(int handle) { (void)handle; }
};

// A held slot lock, released on destruction (or by release()).
class SlotLock {
public:
    SlotLock() = default;
    SlotLock(LockService* service, int handle) : m_service(service), m_handle(handle) {}
    SlotLock(const SlotLock&) = delete;
    SlotLock& operator=(const SlotLock&) = delete;
    SlotLock(SlotLock&& other) noexcept : m_service(other.m_service), m_handle(other.m_handle) {
        other.m_service = nullptr;
    }
    SlotLock& operator=(SlotLock&& other) noexcept;
    ~SlotLock() { release(); }

    bool held() const { return m_service != nullptr; }
    void release();
    // release() after a job: clients waiting for a slot wake up now rather than at
    // their next poll (doc/client.md §8.1).
    void release_to_waiters();

private:
    LockService* m_service = nullptr;
    int m_handle = -1;
};

class BackoffStore {
public:
    virtual ~BackoffStore() = default;
    // Seconds since the mark named `name` was last touched; nullopt when there is
    // none; an error when it cannot be checked (the host is then avoided too).
    virtual Result<std::optional<double>> age_seconds(const std::string& name) = 0;
    virtual Status touch(const std::string& name) = 0;
    virtual void remove(const std::string& name) = 0;
};

// The real $DISTCC_DIR/lock directory.  Created on first need (with $DISTCC_DIR
// itself only when `create_parent`, i.e. DISTCC_DIR was not set explicitly).
class LockDirectory final : public LockService, public BackoffStore {
public:
    LockDirectory(std::string distcc_dir, bool create_parent);

    Result<std::optional<int>> try_lock(const std::string& name) override;
    Result<bool> held_elsewhere(const std::string& name) override;
    void unlock(int handle) override;
    // Touches the lock file (its change of attributes is what waiters watch for).
    void announce_release(int handle) override;

    Result<std::optional<double>> age_seconds(const std::string& name) override;
    Status touch(const std::string& name) override;
    void remove(const std::string& name) override;

private:
    Result<UniqueFd> open_file(const std::string& name, int flags);
    Status make_directory();

    std::string m_distcc_dir;
    std::string m_dir;
    bool m_create_parent;
};

}  // namespace dcc::client
