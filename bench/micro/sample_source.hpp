// SPDX-License-Identifier: GPL-2.0-or-later
// A deterministic stand-in for a preprocessed C file (line markers, declarations and
// function bodies repeated with varying names) for the micro-benchmarks: real
// sources compress by about the same ratio, which matters for the LZO numbers.
#pragma once

#include <cstddef>
#include <string>

namespace dcc::micro {

std::string sample_preprocessed_source(std::size_t size);

}  // namespace dcc::micro
