// SPDX-License-Identifier: GPL-2.0-or-later
// Support records (doc/include-server.md, "The include graph"): the set of macro
// names the computed includes of a node and its descendants depend on.  When a name
// gets a new definition, every record holding it becomes invalid and its node is
// recomputed on next use.  Upstream's SupportRecord/SupportMaster, with plain sorted
// vectors instead of upstream's set-union cache: most records are empty, and the
// others hold a handful of names.
#pragma once

#include <algorithm>
#include <unordered_map>
#include <vector>

#include "include_server/interner.hpp"

namespace dcc::include_server {

class SupportMaster;

class SupportRecord {
public:
    bool valid = true;
    const std::vector<Id>& symbols() const { return m_symbols; }

private:
    friend class SupportMaster;
    std::vector<Id> m_symbols;  // sorted
};

class SupportMaster {
public:
    Id symbol(std::string_view name) { return m_names.intern(name); }

    // Add `symbols` to `record` and register the record under the new ones.
    void add(SupportRecord& record, const std::vector<Id>& symbols) {
        for (Id symbol : symbols) {
            auto at = std::lower_bound(record.m_symbols.begin(), record.m_symbols.end(), symbol);
            if (at != record.m_symbols.end() && *at == symbol) continue;
            record.m_symbols.insert(at, symbol);
            m_records[symbol].push_back(&record);
        }
    }
    // Upstream's InvalidateRecords: a definition of `name` was added.
    void invalidate(std::string_view name) {
        Id symbol = m_names.find(name);
        if (symbol == 0) return;
        auto it = m_records.find(symbol);
        if (it == m_records.end()) return;
        for (SupportRecord* record : it->second) record->valid = false;
    }

private:
    Interner m_names;
    std::unordered_map<Id, std::vector<SupportRecord*>> m_records;
};

}  // namespace dcc::include_server
