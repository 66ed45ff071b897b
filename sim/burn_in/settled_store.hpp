#pragma once
/// Where settled states are kept between commands, so that a later run sharing a burn-in key,
/// seed and replicate skips the burn-in (io/settled_cache.hpp keeps them in a directory). The
/// model library knows only this interface; the file format lives in io/.
#include "settled_state.hpp"

namespace vrusim {

class SettledStore {
public:
    virtual ~SettledStore() = default;
    /// Fills the dynamic parts of `state` (sim/burn_in/settled_fields.hpp) from the stored state
    /// of its burn-in key, seed and replicate, and returns true; `state` arrives with its plan,
    /// key, layout and graph set (Model::settled_shell) and its dynamic parts empty. Returns false
    /// when none is stored or it cannot be used. Called from several threads at once.
    virtual bool load(SettledState& state) = 0;
    /// Keeps a state for later commands; a failure to keep it must not fail the run. Called from
    /// several threads at once.
    virtual void save(const SettledState& state) = 0;
};

}  // namespace vrusim
