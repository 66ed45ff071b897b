#pragma once
/// The states a person brings when the model first meets them: at synthesis, and when someone
/// moves into the area part-way through their teens or twenties. Drawn from the person's age and
/// the target prevalences, so that the burn-in only has to settle the dynamics (docs/model.md 5.3).
#include "world.hpp"

namespace vrusim {

/// Share of people in a state t weeks after becoming eligible outside it, with weekly entry
/// probability e and spells of mean D: pi (1 - exp(-t / tau)), pi = eD / (1 + eD), tau = D / (1 + eD).
double equilibrium_share(double e, double spell_mean, int t);

/// Peer influence and carrying spells (only if `spells`), parental imprisonment and permanent
/// exclusion. Reads the school normaliser.
void draw_initial_states(World& w, std::uint32_t v, bool spells);
/// A NEET spell for people of NEET age (reads the NEET normaliser, which depends on exclusions).
void draw_initial_neet(World& w, std::uint32_t v);
/// Offending and sanction histories from the hazard the person faces now, as if it had applied
/// since age 10.
void draw_initial_history(World& w, std::uint32_t v);
/// Custody at the start of a run: a person is held with the share a settled run would give (their
/// weekly chance of a custodial arrest and the mean stay), for the rest of a stay, so the prison
/// stock (year-long stays) is full from the first week rather than filling during the reported
/// years (docs/model.md 5.3). Not for newcomers, who arrive from outside.
void draw_initial_custody(World& w, std::uint32_t v);
/// Everything above for someone moving into a vacant slot this week (no spells of influence or
/// carrying: they pick those up from their new ties).
void draw_newcomer_states(World& w, std::uint32_t v);

}  // namespace vrusim
