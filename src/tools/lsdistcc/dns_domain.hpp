// SPDX-License-Identifier: GPL-2.0-or-later
// The DNS domain lsdistcc -d appends to names (doc/tools.md): the part after the
// first dot of $HOST or $HOSTNAME when either has one, else of this machine's host
// name, else of its canonical name as the resolver knows it.  Failing all of these
// is ExitCode::bad_arguments ("Can't get domain name").
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/environment.hpp"
#include "common/result.hpp"

namespace dcc::tools::lsdistcc {

// "example.com" for "build1.example.com"; nullopt without a dot or with nothing after it.
std::optional<std::string> domain_of(std::string_view host_name);

Result<std::string> dns_domain(const env::Snapshot& env);

}  // namespace dcc::tools::lsdistcc
