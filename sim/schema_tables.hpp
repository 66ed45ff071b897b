#pragma once
/// The schema's rows, built once (schema_rows.cpp) and served by schema.cpp. Internal to the
/// model library.
#include <vector>

#include "schema.hpp"

namespace vrusim {

struct SchemaTables {
    std::vector<RecordField> area_fields;
    std::vector<RecordField> timeline_fields;
    std::vector<RecordField> intervention_fields;
    std::vector<Field> fields;
    std::vector<SchemaSection> sections;
};

/// One row per scenario key, grouped by section (throws std::logic_error if the sections and rows disagree).
SchemaTables build_schema_tables();

}  // namespace vrusim
