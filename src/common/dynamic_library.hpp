// SPDX-License-Identifier: GPL-2.0-or-later
// DynamicLibrary: a shared library loaded at run time with dlopen, and typed lookup
// of its symbols.  Used for optional libraries that only some runs need (GSS-API,
// Avahi), so that every other run does not pay for loading them at start-up.  A
// loaded library is never unloaded; this is not a plugin mechanism.
#pragma once

#include <string>

#include "common/result.hpp"

namespace dcc {

class DynamicLibrary {
public:
    // dlopen(name, RTLD_NOW | RTLD_LOCAL); failure is an Error with `code` and dlerror().
    static Result<DynamicLibrary> open(const char* name, ExitCode code);

    // Store the address of `symbol` in `out` (a function or object pointer), null if
    // absent; absent names are collected in missing().  Symbols of the libraries
    // this one depends on are found too.
    template <typename Pointer>
    void resolve(const char* symbol, Pointer& out) {
        out = reinterpret_cast<Pointer>(lookup(symbol));
    }

    // "sym1, sym2" for every symbol resolve() did not find; empty if none.
    const std::string& missing() const { return m_missing; }

private:
    explicit DynamicLibrary(void* handle) : m_handle(handle) {}
    void* lookup(const char* symbol);

    void* m_handle;
    std::string m_missing;
};

}  // namespace dcc
