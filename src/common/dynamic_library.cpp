// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of dynamic_library.hpp.
#include "common/dynamic_library.hpp"

#include <dlfcn.h>

namespace dcc {

Result<DynamicLibrary> DynamicLibrary::open(const char* name, ExitCode code) {
    void* handle = ::dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (!handle) return make_error(code, std::string("cannot load ") + name + ": " + ::dlerror());
    return DynamicLibrary(handle);
}

void* DynamicLibrary::lookup(const char* symbol) {
    void* address = ::dlsym(m_handle, symbol);
    if (!address) m_missing += std::string(m_missing.empty() ? "" : ", ") + symbol;
    return address;
}

}  // namespace dcc
