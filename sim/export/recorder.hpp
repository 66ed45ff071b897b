#pragma once
/// Records a replicate's export (tables.hpp) as its reported weeks run: the week's events with
/// people as person_ids, and the network at the weeks asked for.
#include <cstdint>

#include "tables.hpp"

namespace vrusim {

class Model;

class ExportRecorder {
public:
    /// `replicates`: how many share the limit (the run's run.replicates).
    ExportRecorder(const ExportOptions& options, int replicates);

    /// Called after each reported week's step, `week` counted from the first reported week.
    void after_week(const Model& model, int week);
    /// What was recorded; the recorder is empty afterwards.
    ExportTables take();

private:
    void record_events(const Model& model, int week);
    void record_network(const Model& model, int week);

    ExportOptions options_;
    std::uint64_t budget_ = 0;   ///< this replicate's share of the limit
    std::uint64_t used_ = 0;
    bool events_stopped_ = false;
    ExportTables tables_;
};

}  // namespace vrusim
