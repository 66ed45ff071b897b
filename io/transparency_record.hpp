#pragma once
/// `vrusim record` (docs/research.md): a record of a scenario in the shape of the UK Algorithmic
/// Transparency Recording Standard (ATRS v3.0: metadata, tier 1 overview, tier 2's owner, rationale,
/// decision-making, tool and data specification, risks): what the tool is for and not for, that
/// its population is synthetic, every parameter with its value, source and evidence rating
/// (assumptions flagged), the calibration achieved by a results file, the model's known
/// limitations (docs/model.md section 9), the version, seed and scenario hash.
#include <filesystem>
#include <string>
#include <string_view>

#include "results_writer.hpp"
#include "scenario_loader.hpp"

namespace vrusim::io {

/// The first line of every record: a file that begins otherwise is not one `vrusim record` wrote.
inline constexpr std::string_view record_marker = "# Algorithmic transparency record: ";

/// How strong a parameter's source is, weakest link first: the rating of its source text.
enum class EvidenceRating { assumption, recalled, derived, secondary, verified, setting, unrated };

/// The rating a source text carries: "assumption" anywhere makes it an assumption; else the
/// weakest of the tags [R], [D], [S], [V] it holds; a run or programme setting is the user's.
EvidenceRating evidence_rating(std::string_view source);
std::string_view rating_name(EvidenceRating rating);

struct RecordInputs {
    const LoadedScenario* scenario = nullptr;
    const StoredResults* results = nullptr;  ///< optional: its calibration is reported
    std::filesystem::path results_file;
    std::string generated_utc;               ///< when the record is made, "2026-12-07 10:00 UTC"
};

/// The record as Markdown. Throws std::invalid_argument if the results were not made from the
/// scenario (another scenario hash) or are not complete.
std::string transparency_record(const RecordInputs& inputs);

}  // namespace vrusim::io
