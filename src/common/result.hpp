// SPDX-License-Identifier: GPL-2.0-or-later
// Result<T>: a value or an Error carrying an exit code and a message.  Expected
// failures (bad input, I/O errors, refusals) travel as values of this type up to the
// point that decides what to do; exceptions are reserved for bugs.  std::expected is
// C++23, and neither g++ 12 nor clang 14 ship it in C++20 mode, hence this type.
#pragma once

#include <cassert>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include "common/exit_code.hpp"

namespace dcc {

// An expected failure: which exit code it maps to, and a message for humans.
struct Error {
    ExitCode code = ExitCode::distcc_failed;
    std::string message;
};

inline Error make_error(ExitCode code, std::string message) {
    return Error{code, std::move(message)};
}

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_state(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_state(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { assert(ok()); return std::get<0>(m_state); }
    const T& value() const& { assert(ok()); return std::get<0>(m_state); }
    T&& value() && { assert(ok()); return std::get<0>(std::move(m_state)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const& { assert(!ok()); return std::get<1>(m_state); }
    Error&& error() && { assert(!ok()); return std::get<1>(std::move(m_state)); }

private:
    std::variant<T, Error> m_state;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)), m_failed(true) {}

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const Error& error() const& { assert(m_failed); return m_error; }
    Error&& error() && { assert(m_failed); return std::move(m_error); }

private:
    Error m_error;
    bool m_failed = false;
};

using Status = Result<void>;

}  // namespace dcc

// Propagate a failed Result from the current function; the expression is evaluated once.
#define DCC_TRY(expr)                                          \
    do {                                                       \
        auto&& dcc_try_result_ = (expr);                       \
        if (!dcc_try_result_.ok())                             \
            return std::move(dcc_try_result_).error();         \
    } while (0)
