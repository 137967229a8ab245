// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of sample_source.hpp.
#include "micro/sample_source.hpp"

#include <cstdio>

namespace dcc::micro {

std::string sample_preprocessed_source(std::size_t size) {
    std::string out;
    out.reserve(size + 256);
    char chunk[512];
    for (unsigned i = 0; out.size() < size; ++i) {
        int n = std::snprintf(chunk, sizeof chunk,
                              "# %u \"/usr/include/x86_64-linux-gnu/bits/types%u.h\" 3 4\n"
                              "extern int __fn_%u (const char *__restrict __s, unsigned long __n%u);\n"
                              "static inline unsigned long helper_%u(unsigned long v) {\n"
                              "    return (v << %u) ^ (v >> %u) ^ 0x%08xUL;\n}\n",
                              i, i % 17, i, i % 5, i, 1 + i % 13, 2 + i % 7, i * 2654435761u);
        out.append(chunk, static_cast<std::size_t>(n));
    }
    out.resize(size);
    return out;
}

}  // namespace dcc::micro
