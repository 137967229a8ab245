// SPDX-License-Identifier: GPL-2.0-or-later
// The version banner every program prints for --version and at the top of --help
// (doc/client.md §16): name, version and GNU host triple, protocols, build date,
// credits, licence notice, the optional features the caller says it has, and where
// to report bugs.  Shared by distcc and distccd; the usage text after it is each
// program's own.
#pragma once

#include <string>
#include <string_view>

namespace dcc {

// "3.4": the version we are compatible with (kept equal to upstream on purpose).
const char* version_string();

// "x86_64-pc-linux-gnu"
const char* gnu_host();

// "Jan  6 2023 17:13:07" -- the build date in upstream's format.
std::string build_date();

// The optional features a program was built with, as the layers that implement
// them report (auth::available(), zeroconf::available()).
struct BuiltFeatures {
    bool zeroconf = false;
    bool gssapi = false;
};

// The whole banner, ending with an empty line, e.g. for program "distccd".
std::string version_banner(std::string_view program, const BuiltFeatures& features);

}  // namespace dcc
