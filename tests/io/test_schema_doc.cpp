#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "io/schema_markdown.hpp"
#include "sim/schema.hpp"

using namespace vrusim;

namespace {

// Counts an aggregate's members by trying to brace-initialise it with ever more arguments.
struct AnyValue {
    template <class T>
    operator T() const;
};

template <class T, class... Args>
constexpr std::size_t member_count() {
    if constexpr (requires { T{Args{}..., AnyValue{}}; }) return member_count<T, Args..., AnyValue>();
    else return sizeof...(Args);
}

std::size_t rows_in(std::string_view section) {
    for (const SchemaSection& s : schema_sections()) {
        if (s.key == section) return s.fields.size();
    }
    return 0;
}

}  // namespace

TEST_CASE("schema doc: docs/scenario-schema.md is the output of schema_markdown()") {
    const std::filesystem::path doc = std::filesystem::path(VRUSIM_SOURCE_DIR) / "docs" / "scenario-schema.md";
    std::ifstream in(doc, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const std::string expected = io::schema_markdown();
    const std::string actual = text.str();
    // Point at the first differing line rather than printing both pages.
    std::istringstream a(actual);
    std::istringstream e(expected);
    std::string line_a;
    std::string line_e;
    int line = 0;
    while (true) {
        ++line;
        const bool more_a = static_cast<bool>(std::getline(a, line_a));
        const bool more_e = static_cast<bool>(std::getline(e, line_e));
        if (!more_a && !more_e) break;
        if (more_a != more_e || line_a != line_e) {
            FAIL_CHECK(doc.string() << " is stale or missing (first difference on line " << line << ").\n"
                                    << "  in the file:     " << (more_a ? line_a : "(end of file)") << "\n"
                                    << "  from the schema: " << (more_e ? line_e : "(end of page)") << "\n"
                                    << "Regenerate it with: ./build/tools/vrusim schema > docs/scenario-schema.md");
            break;
        }
    }
    CHECK(actual.size() == expected.size());
}

TEST_CASE("schema doc: the page is deterministic and names every key") {
    const std::string page = io::schema_markdown();
    CHECK(page == io::schema_markdown());
    for (const Field& f : scenario_schema()) CHECK(page.find("| `" + std::string(f.key) + "` |") != std::string::npos);
}

TEST_CASE("schema: every schema default lies within its own bounds") {
    for (const Field& f : scenario_schema()) {
        INFO(f.key);
        if (f.type == ValueType::record_list) {
            for (const RecordField& r : f.record_fields) {
                INFO(r.key);
                CHECK(is_valid_value(r, r.default_value));
                CHECK(r.min <= r.max);
            }
            continue;
        }
        CHECK(is_valid_value(f, f.default_value));
        CHECK(f.min <= f.max);
    }
}

TEST_CASE("schema: every member of every parameter struct has exactly one row") {
    CHECK(schema_sections().size() == member_count<Parameters>() + 1);  // plus the top-level name and description
    CHECK(rows_in("") == 2);
    CHECK(rows_in("run") == member_count<RunParams>());
    CHECK(rows_in("population") == member_count<PopulationParams>());
    CHECK(rows_in("graph") == member_count<GraphParams>());
    CHECK(rows_in("factors") == member_count<FactorParams>());
    CHECK(rows_in("violence") == member_count<ViolenceParams>());
    CHECK(rows_in("contagion") == member_count<ContagionParams>());
    CHECK(rows_in("peer_influence") == member_count<PeerInfluenceParams>());
    CHECK(rows_in("weapons") == member_count<WeaponParams>());
    CHECK(rows_in("justice") == member_count<JusticeParams>());
    CHECK(rows_in("school") == member_count<SchoolParams>());
    CHECK(rows_in("neet") == member_count<NeetParams>());
    CHECK(rows_in("family") == member_count<FamilyParams>());
    CHECK(rows_in("county_lines") == member_count<CountyLinesParams>());
    CHECK(rows_in("exploitation") == member_count<ExploitationParams>());
    CHECK(rows_in("safeguarding") == member_count<SafeguardingParams>());
    CHECK(rows_in("cuckooing") == member_count<CuckooingParams>());
    const Field* areas = find_field("population.areas");
    REQUIRE(areas);
    CHECK(areas->record_fields.size() == member_count<AreaSpec>());
    const Field* timeline = find_field("county_lines.enforcement_timeline");
    REQUIRE(timeline);
    CHECK(timeline->record_fields.size() == member_count<EnforcementEntry>());

    std::set<std::string_view> keys;
    for (const Field& f : scenario_schema()) CHECK(keys.insert(f.key).second);
}

TEST_CASE("schema: setting every field to a non-default value reads back that value") {
    Parameters p;
    for (const Field& f : scenario_schema()) {
        if (f.type == ValueType::record_list) f.resize_records(p, 2);
    }
    std::vector<std::pair<const FieldMeta*, Value>> written;
    auto other = [](const FieldMeta& f) -> Value {
        return std::visit(
            [&](const auto& d) -> Value {
                using T = std::decay_t<decltype(d)>;
                if constexpr (std::is_same_v<T, bool>) return !d;
                else if constexpr (std::is_same_v<T, std::int64_t>) return static_cast<double>(d + 1) <= f.max ? d + 1 : d - 1;
                else if constexpr (std::is_same_v<T, double>) return d + 1 <= f.max ? d + 1 : (d + f.min) / 2;
                else if constexpr (std::is_same_v<T, std::string>) return d + "x";
                else return std::vector<double>{0.25, 0.75};
            },
            f.default_value);
    };
    for (const Field& f : scenario_schema()) {
        if (f.set) {
            const Value v = other(f);
            REQUIRE(v != f.default_value);
            f.set(p, v);
            written.emplace_back(&f, v);
        }
        for (const RecordField& r : f.record_fields) {
            const Value v = other(r);
            REQUIRE(v != r.default_value);
            r.set(p, 1, v);
            CHECK(r.get(p, 1) == v);
            CHECK(r.get(p, 0) == r.default_value);
        }
    }
    // Read back only after every write, so two rows writing the same member would show.
    for (const auto& [f, v] : written) {
        INFO(f->key);
        CHECK(static_cast<const Field*>(f)->get(p) == v);
    }
}
