// RUN-CHECKS: -*,clangcheck-errors-*
// The project's own functions marked [[nodiscard]] / warn_unused_result are must-check calls.
#include <cstddef>
#include <string>
#include <tuple>

namespace store {
enum class Status { ok, not_found, io_error };

class Journal {
public:
    [[nodiscard]] Status append(const std::string &record);
    [[nodiscard]] bool sync();
    std::size_t size() const;  // a plain query
};

__attribute__((warn_unused_result)) int compact(Journal &journal);
}  // namespace store

void record_bad(store::Journal &journal, const std::string &line) {
    journal.append(line);  // expect: clangcheck-errors-unchecked-result
    journal.sync();  // expect: clangcheck-errors-unchecked-result
}

void compact_bad(store::Journal &journal) {
    store::compact(journal);  // expect: clangcheck-errors-unchecked-result
}

bool record_ok(store::Journal &journal, const std::string &line) {
    if (journal.append(line) != store::Status::ok)
        return false;
    return journal.sync();
}

void best_effort_ok(store::Journal &journal) {
    (void)journal.sync();
    std::ignore = store::compact(journal);
    static_cast<void>(journal.append("bye"));
    journal.size();  // not must-check: discarding a query is only pointless
}
