#pragma once
/// The scenario schema rendered as the Markdown page docs/scenario-schema.md (`vrusim schema`).
#include <string>
#include <string_view>

namespace vrusim::io {

/// The whole page; deterministic, so a test can tell when the checked-in copy is stale.
std::string schema_markdown();

/// Text as one cell of a Markdown table: pipes escaped, line breaks as spaces.
std::string markdown_cell(std::string_view text);

}  // namespace vrusim::io
