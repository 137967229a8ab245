// SPDX-License-Identifier: GPL-2.0-or-later
// Zeroconf (zeroconf.hpp) for builds configured --without-avahi (or without
// avahi-client): browsing and publishing fail with "not built with zeroconf
// support", so `+zeroconf` and --zeroconf are refused rather than ignored.
#include "zeroconf/zeroconf.hpp"

namespace dcc::zeroconf {
namespace {

Error not_built() { return make_error(ExitCode::distcc_failed, "not built with zeroconf support"); }

}  // namespace

struct Publisher::State {};

bool available() { return false; }

Result<std::string> discovered_hosts(const std::string&, const ClientAbilities&) { return not_built(); }

Publisher::Publisher(std::unique_ptr<State> state) : m_state(std::move(state)) {}
Publisher::Publisher(Publisher&&) noexcept = default;
Publisher& Publisher::operator=(Publisher&&) noexcept = default;
Publisher::~Publisher() = default;

Result<Publisher> Publisher::start(const ServiceSettings&) { return not_built(); }

}  // namespace dcc::zeroconf
