// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of version.hpp.
#include "common/version.hpp"

#include "config.h"
#include "common/strings.hpp"

namespace dcc {

const char* version_string() { return PACKAGE_VERSION; }

const char* gnu_host() { return DCC_GNU_HOST; }

std::string build_date() { return std::string(__DATE__) + " " + __TIME__; }

std::string version_banner(std::string_view program, const BuiltFeatures& features) {
    std::string text = strings::format(
        "%.*s %s %s\n"
        "  (protocols 1, 2 and 3) (default port 3632)\n"
        "  built %s\n"
        "Copyright (C) 2002, 2003, 2004 by Martin Pool.\n"
        "Includes miniLZO (C) 1996-2002 by Markus Franz Xaver Johannes Oberhumer.\n"
        "Portions Copyright (C) 2007-2008 Google.\n"
        "\n"
        "distcc comes with ABSOLUTELY NO WARRANTY.  distcc is free software, and\n"
        "you may use, modify and redistribute it under the terms of the GNU \n"
        "General Public License version 2 or later.\n",
        static_cast<int>(program.size()), program.data(), version_string(), gnu_host(), build_date().c_str());
    if (features.zeroconf) text += "\nBuilt with Zeroconf support.\n";
    if (features.gssapi) text += "\nBuilt with GSS-API support for mutual authentication.\n";
    text += "\nPlease report bugs to " PACKAGE_BUGREPORT "\n\n";
    return text;
}

}  // namespace dcc
