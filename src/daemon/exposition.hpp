// SPDX-License-Identifier: GPL-2.0-or-later
// The Prometheus text exposition format, version 0.0.4 (doc/daemon.md §13.1): a
// writer of metric families (HELP and TYPE lines, then samples with labels), the
// escaping rules of HELP text and label values, numbers as Prometheus parses them,
// and a histogram with fixed bucket bounds.  Pure string work, unit-tested; what
// distccd exposes is in metrics.hpp.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dcc::daemon {

// HELP text: backslash and line feed escaped.
std::string escape_help(std::string_view text);
// A label value: backslash, double quote and line feed escaped.
std::string escape_label_value(std::string_view value);
// A sample value or bucket bound: integers without a fraction, "+Inf", "NaN".
std::string format_sample_value(double value);

// Observations counted into buckets with fixed upper bounds (seconds, ascending);
// the +Inf bucket is implicit.
class Histogram {
public:
    explicit Histogram(std::span<const double> bounds);
    void observe(double value);

    std::span<const double> bounds() const { return m_bounds; }
    // Observations <= bounds()[i]; index bounds().size() is +Inf (the total).
    uint64_t cumulative(std::size_t index) const;
    uint64_t count() const { return m_count; }
    double sum() const { return m_sum; }

private:
    std::span<const double> m_bounds;
    std::vector<uint64_t> m_counts;  // per bucket, not cumulative; the last is (bound, +Inf)
    uint64_t m_count = 0;
    double m_sum = 0;
};

using Labels = std::vector<std::pair<std::string, std::string>>;

class Exposition {
public:
    enum class Type { counter, gauge, histogram, untyped };

    // Starts a family: its HELP and TYPE lines.  Every sample of a family follows it.
    void family(std::string_view name, Type type, std::string_view help);
    void sample(std::string_view name, double value, const Labels& labels = {});
    // A whole histogram family: _bucket lines with "le", _sum and _count.
    void histogram(std::string_view name, std::string_view help, const Histogram& histogram);

    const std::string& text() const { return m_text; }

private:
    std::string m_text;
};

}  // namespace dcc::daemon
