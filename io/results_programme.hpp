#pragma once
// The results file's programme/ group (docs/outputs.md): reach and spend per replicate, the
// funding plan and the grant conditions. Internal to io/results_writer.cpp and results_reader.cpp.
#include <hdf5.h>

#include "results_writer.hpp"

namespace vrusim::io {

/// Creates programme/ and its dims in a new file (nothing if meta has no funding years): the
/// per-replicate arrays reserved and NaN-filled, the funding plan and conditions written.
void create_programme_group(hid_t file, const ResultsMetadata& meta);
/// Stores one replicate's reach and spend (no-op without the group).
void write_programme_replicate(hid_t file, const ResultsMetadata& meta, int replicate, const ProgrammeTally& tally);
/// Copies the per-replicate arrays from the work file into the finished file.
void copy_programme_replicates(hid_t from, hid_t to);
/// Reads programme/ (empty if the file has none).
StoredProgramme read_programme(hid_t file);

}  // namespace vrusim::io
