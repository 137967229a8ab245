// SPDX-License-Identifier: GPL-2.0-or-later
// Name lookups for lsdistcc that run in parallel with everything else (doc/tools.md):
// getaddrinfo() blocks, so a few worker threads run it -- distcc 3.4 used six helper
// processes -- and report each answer through a pipe the main loop polls.  The same
// name may be submitted again (lsdistcc repeats a lookup that is slow to answer);
// every answer is reported and the caller keeps the first.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tools/lsdistcc/address.hpp"

namespace dcc::tools::lsdistcc {

struct Resolution {
    std::size_t index = 0;            // as submitted
    std::optional<Address> address;   // nullopt: the name does not resolve
};

class Resolver {
public:
    virtual ~Resolver() = default;
    virtual void submit(std::size_t index, const std::string& name) = 0;
    // Readable when answers are waiting.
    virtual int ready_fd() const = 0;
    // The answers that arrived, without blocking.
    virtual std::vector<Resolution> collect() = 0;
};

inline constexpr int k_resolver_threads = 6;

// Workers start on the first submit().  The destructor does not wait for a lookup
// that is still blocked (the program is ending; the thread ends with it).
class ThreadedResolver final : public Resolver {
public:
    explicit ThreadedResolver(int threads = k_resolver_threads);
    ~ThreadedResolver() override;
    ThreadedResolver(const ThreadedResolver&) = delete;
    ThreadedResolver& operator=(const ThreadedResolver&) = delete;

    void submit(std::size_t index, const std::string& name) override;
    int ready_fd() const override;
    std::vector<Resolution> collect() override;

    struct Shared;  // queue, answers and the pipe, shared with the workers

private:
    std::shared_ptr<Shared> m_shared;
    int m_threads;
    bool m_started = false;
};

// One blocking lookup, as a worker does it.
std::optional<Address> resolve(const std::string& name);

}  // namespace dcc::tools::lsdistcc
