// SPDX-License-Identifier: GPL-2.0-or-later
// Source-file kinds by extension (doc/client.md §4): which words are sources,
// which are already preprocessed, and the preprocessed counterpart extension that
// the client uses for cpp output and the daemon for the received DOTI file.
// Pure string functions; nothing here touches the disk.
#pragma once

#include <optional>
#include <string_view>

namespace dcc::compiler {

// Text after the last '.' of the whole word; nullopt when there is no dot or the
// dot is the last character ("hello.2.4.4.i" -> "i", ".foo" -> "foo", "gcc" -> none).
std::optional<std::string_view> extension_of(std::string_view word);

// c i cc cpp cxx cp c++ C ii m mi mm M mii (case-sensitive).  .s/.S are never sources.
bool is_source(std::string_view word);

// i ii mi mii
bool is_preprocessed(std::string_view word);

// ".i", ".ii", ".mi", ".mii" for sources; ".s" for s/S; nullopt otherwise (the
// daemon then uses ".tmp").
std::optional<std::string_view> preprocessed_extension(std::string_view word);

// Word ends in ".o".
bool is_object(std::string_view word);

}  // namespace dcc::compiler
