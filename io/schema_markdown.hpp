#pragma once
/// The scenario schema rendered as the Markdown page docs/scenario-schema.md (`vrusim schema`).
#include <string>

namespace vrusim::io {

/// The whole page; deterministic, so a test can tell when the checked-in copy is stale.
std::string schema_markdown();

}  // namespace vrusim::io
