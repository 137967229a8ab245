// SPDX-License-Identifier: GPL-2.0-or-later
// Path-name manipulation without touching the disk (basename, dirname, joining,
// making absolute, collapsing "/../"), plus PATH-list searches that only stat().
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dcc::path {

std::string_view basename(std::string_view path);
// Directory part without the trailing slash; "." when there is none, "/" for "/x".
std::string dirname(std::string_view path);
std::string join(std::string_view dir, std::string_view name);
bool is_absolute(std::string_view path);

// Lexically normalise: collapse "//", "/./" and "x/../"; keeps a leading "/".
std::string normalize(std::string_view path);

// Prefix `cwd` to a relative path and normalise.
std::string make_absolute(std::string_view path, std::string_view cwd);

// Elements of a PATH-like string (':'-separated); an empty element is kept as "".
std::vector<std::string> split_search_path(std::string_view search_path);

// First directory of `search_path` holding an executable regular file `name`.
std::optional<std::string> find_executable(std::string_view name, std::string_view search_path);

bool is_executable_file(const std::string& path);

// The current working directory (physical); empty on failure.
std::string current_directory();

// The working directory as gcc's getpwd() (libiberty) names it: `pwd` (the value of
// $PWD) when it is absolute and is the same directory as "." (same device and inode),
// so a directory reached through a symbolic link keeps that name; else getcwd().
std::string logical_current_directory(std::optional<std::string_view> pwd);

}  // namespace dcc::path
