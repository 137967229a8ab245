// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of resolver.hpp (upstream lsdistcc's DNS helper processes, as
// threads).
#include "tools/lsdistcc/resolver.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <utility>

#include "common/fd.hpp"

namespace dcc::tools::lsdistcc {

struct ThreadedResolver::Shared {
    std::mutex mutex;
    std::condition_variable wake;
    std::deque<std::pair<std::size_t, std::string>> queue;
    std::vector<Resolution> answers;
    bool stopping = false;
    UniqueFd read_end, write_end;
};

namespace {

void work(std::shared_ptr<ThreadedResolver::Shared> shared) {
    std::unique_lock<std::mutex> lock(shared->mutex);
    while (true) {
        shared->wake.wait(lock, [&] { return shared->stopping || !shared->queue.empty(); });
        if (shared->stopping) return;
        auto [index, name] = std::move(shared->queue.front());
        shared->queue.pop_front();
        lock.unlock();
        std::optional<Address> address = resolve(name);
        lock.lock();
        shared->answers.push_back(Resolution{index, address});
        char byte = 'r';
        (void)!::write(shared->write_end.get(), &byte, 1);
    }
}

}  // namespace

std::optional<Address> resolve(const std::string& name) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* answers = nullptr;
    if (::getaddrinfo(name.c_str(), nullptr, &hints, &answers) != 0) return std::nullopt;
    std::optional<Address> chosen = choose_address(answers);
    ::freeaddrinfo(answers);
    return chosen;
}

ThreadedResolver::ThreadedResolver(int threads) : m_shared(std::make_shared<Shared>()), m_threads(threads) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0) {
        m_shared->read_end.reset(fds[0]);
        m_shared->write_end.reset(fds[1]);
    }
}

ThreadedResolver::~ThreadedResolver() {
    std::lock_guard<std::mutex> lock(m_shared->mutex);
    m_shared->stopping = true;
    m_shared->wake.notify_all();
}

void ThreadedResolver::submit(std::size_t index, const std::string& name) {
    if (!m_started) {
        // Detached: a worker stuck in a lookup must not hold up the end of the
        // program; the shared state lives as long as the last worker needs it.
        for (int i = 0; i < m_threads; ++i) std::thread(work, m_shared).detach();
        m_started = true;
    }
    std::lock_guard<std::mutex> lock(m_shared->mutex);
    m_shared->queue.emplace_back(index, name);
    m_shared->wake.notify_one();
}

int ThreadedResolver::ready_fd() const { return m_shared->read_end.get(); }

std::vector<Resolution> ThreadedResolver::collect() {
    char drain[64];
    while (::read(m_shared->read_end.get(), drain, sizeof drain) > 0) {
    }
    std::lock_guard<std::mutex> lock(m_shared->mutex);
    return std::exchange(m_shared->answers, {});
}

}  // namespace dcc::tools::lsdistcc
