// SPDX-License-Identifier: GPL-2.0-or-later
// JSON string literals for arbitrary bytes, shared by the programs that write JSON
// (distccmon-text --json, the client's job journal).  Bytes that are not UTF-8
// become U+FFFD, so the output is always valid JSON.
#pragma once

#include <string>
#include <string_view>

namespace dcc::json {

// A JSON string literal (with the quotes) for `bytes`.
std::string quote(std::string_view bytes);

}  // namespace dcc::json
