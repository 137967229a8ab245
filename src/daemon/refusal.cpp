// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of refusal.hpp.
#include "daemon/refusal.hpp"

#include "common/strings.hpp"

namespace dcc::daemon {

std::string describe_refusal(const std::string& client, const Refusal& refusal) {
    return strings::format("refused job from %s: rule %s, argument \"%s\": %s", client.c_str(), refusal.rule,
                           strings::printable_prefix(refusal.argument, 200).c_str(), refusal.reason.c_str());
}

}  // namespace dcc::daemon
