#include "catalogue.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "scenario_validation.hpp"
#include "scenario_yaml.hpp"

namespace vrusim::io {

namespace detail {
std::string_view catalogue_yaml();  // generated from scenarios/catalogue.yaml (io/CMakeLists.txt)
}

std::string_view catalogue_text() { return detail::catalogue_yaml(); }

std::vector<std::string> catalogue_ids() {
    std::vector<std::string> ids;
    for (const auto& entry : YAML::Load(std::string(catalogue_text()))) ids.push_back(entry.first.as<std::string>());
    return ids;
}

namespace detail {

namespace {

constexpr const char* catalogue_name = "the built-in catalogue (scenarios/catalogue.yaml)";

// The catalogue as our own tree, its positions in a file of its own in the context.
Item catalogue_tree(Context& c) {
    const int file = c.add_file(catalogue_name);
    bool too_deep = false;
    return convert(c, YAML::Load(std::string(catalogue_text())), "", Where{file, 1, 1}, file, 0, too_deep);
}

}  // namespace

std::vector<std::string> apply_catalogue(Context& c, Item& root) {
    std::vector<std::string> unknown;
    Item* programme = root.find("programme");
    Item* list = programme && programme->kind == Item::Kind::map ? programme->find("interventions") : nullptr;
    if (!list || list->kind != Item::Kind::sequence) return unknown;
    std::optional<Item> catalogue;
    for (std::size_t i = 0; i < list->items.size(); ++i) {
        Item& record = list->items[i];
        const Item* id = record.kind == Item::Kind::map ? record.find("catalogue") : nullptr;
        if (!id || id->kind != Item::Kind::scalar || id->text.empty()) continue;  // the schema reports a bad value
        if (!catalogue) catalogue = catalogue_tree(c);
        const Item* entry = catalogue->find(id->text);
        if (!entry) {
            const auto ids = catalogue_ids();
            const auto near = closest(id->text, ids);
            c.at(id->where, fmt::format("programme.interventions[{}].catalogue", i),
                 fmt::format("no entry '{}' in {}{}", shorten(id->text), catalogue_name,
                             near ? fmt::format("; did you mean '{}'?", *near)
                                  : fmt::format("; the entries are {}", fmt::join(ids, ", "))));
            unknown.push_back(fmt::format("programme.interventions[{}]", i));
            continue;
        }
        // The entry's keys take the position of the user's `catalogue:` value, so a problem they
        // cause is reported at the line that asked for the entry.
        const Where at = id->where;
        for (const Entry& e : entry->entries)
            if (!record.find(e.key)) {
                Entry copy = e;
                place_at(copy.value, at);
                copy.key_where = at;
                record.entries.push_back(std::move(copy));
            }
    }
    return unknown;
}

}  // namespace detail

}  // namespace vrusim::io
