#include "simulate.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <utility>

#include "sim/burn_in/settled_state.hpp"
#include "sim/burn_in/settled_store.hpp"
#include "sim/burn_in/shared_run.hpp"
#include "sim/ensemble.hpp"
#include "sim/model.hpp"
#include "sim/programme/interventions.hpp"

namespace vrusim::trial {

namespace {

// Subjects of the trial's own streams (Purpose::trial): a pair's coin, a cluster's place in the
// randomisation order. A person's place in a week's recruitment order is keyed by the person.
constexpr std::uint32_t pair_kind = 1, cluster_kind = 2;

// One running trial on one model: recruitment, randomisation and follow-up, week by week.
class Trial {
public:
    Trial(Model& model, const Design& design) : m_(model), w_(model.world()), d_(design),
          in_(w_.p.programme.interventions.at(design.intervention)), reach_(decode_reach(w_.p, in_)),
          participant_of_(model.population().size(), -1) {}

    // After reported week `week`'s step.
    void after_week(int week) {
        if (week < d_.recruitment_weeks) recruit(week);
        follow(week);
    }

    Record take() {
        for (std::size_t k = 0; k < contaminated_.size(); ++k) r_.contaminated += contaminated_[k];
        return std::move(r_);
    }

private:
    std::uint32_t cluster_of(std::uint32_t v) const {
        return d_.unit == Unit::school_class ? w_.pop.school_class[v] : w_.pop.neighbourhood[v];
    }
    bool is_participant(std::uint32_t v) const {
        const auto k = participant_of_[v];
        return k >= 0 && generation_[static_cast<std::size_t>(k)] == w_.pop.generation[v];
    }
    double stream_uniform(std::uint64_t subject, std::int32_t week) const {
        return rng::Stream(w_.seed, w_.replicate, subject, week, rng::Purpose::trial).uniform();
    }
    bool wanted_more(int recruits) const { return d_.per_arm == 0 || recruits < 2 * d_.per_arm; }

    // This week's eligible people not yet in the trial, in a random order: everyone eligible
    // (outreach), or those at the intervention's moment this week.
    std::vector<std::uint32_t> candidates() const {
        std::vector<std::uint32_t> found;
        if (reach_.moment == Moment::community) {
            for (std::uint32_t v = 0; v < w_.pop.size(); ++v)
                if (eligible(w_, in_, reach_, v) && !is_participant(v)) found.push_back(v);
        } else {
            for (const Event& e : m_.events())
                if (at_moment(w_, reach_, e) && eligible(w_, in_, reach_, e.agent) && !is_participant(e.agent))
                    found.push_back(e.agent);
            std::sort(found.begin(), found.end());
            found.erase(std::unique(found.begin(), found.end()), found.end());
        }
        std::vector<std::pair<double, std::uint32_t>> keyed;
        for (const auto v : found) keyed.emplace_back(stream_uniform(person_id(w_.pop, v), w_.week), v);
        std::sort(keyed.begin(), keyed.end());
        for (std::size_t k = 0; k < keyed.size(); ++k) found[k] = keyed[k].second;
        return found;
    }

    void add(std::uint32_t v, int arm, std::uint32_t unit_in_arm, int week) {
        participant_of_[v] = static_cast<std::int32_t>(r_.outcome.size());
        generation_.push_back(w_.pop.generation[v]);
        slot_.push_back(v);
        recruited_.push_back(week);
        contaminated_.push_back(0);
        r_.outcome.push_back(0);
        r_.arm.push_back(static_cast<std::uint8_t>(arm));
        r_.unit_in_arm.push_back(unit_in_arm);
        if (d_.unit != Unit::person) r_.cluster.push_back(cluster_of(v));
        if (arm == 1 && offer_outside_places(w_, d_.intervention, v)) ++r_.started;
    }

    // People randomised in pairs in recruitment order: a coin of the pair's own stream says which
    // of the two is offered the intervention. An odd recruit waits for the next week's first; at
    // the end of recruitment it is randomised alone.
    void randomise_person(std::uint32_t v, int week) {
        if (!waiting_) {
            waiting_ = v;
            return;
        }
        const std::uint32_t first = *waiting_;
        waiting_.reset();
        const bool first_treated = stream_uniform(rng::place_subject(pair_kind, pairs_++), 0) < 0.5;
        for (const auto& [u, treated] : {std::pair{first, first_treated}, std::pair{v, !first_treated}}) {
            const int arm = treated ? 1 : 0;
            add(u, arm, static_cast<std::uint32_t>(r_.units[arm]++), week);
        }
    }

    // Clusters with someone eligible in the first recruitment week, in a random order; pairs of
    // them randomised as people are.
    void randomise_clusters(int week) {
        std::map<std::uint32_t, double> keys;
        for (std::uint32_t v = 0; v < w_.pop.size(); ++v)
            if (eligible(w_, in_, reach_, v)) keys.try_emplace(cluster_of(v), 0.0);
        std::vector<std::pair<double, std::uint32_t>> order;
        for (const auto& [c, unused] : keys) order.emplace_back(stream_uniform(rng::place_subject(cluster_kind, c), week), c);
        std::sort(order.begin(), order.end());
        if (d_.per_arm > 0 && order.size() > 2 * static_cast<std::size_t>(d_.per_arm))
            order.resize(2 * static_cast<std::size_t>(d_.per_arm));
        for (std::size_t k = 0; k + 1 < order.size(); k += 2) {
            const bool first_treated = stream_uniform(rng::place_subject(pair_kind, pairs_++), 0) < 0.5;
            for (const auto& [c, treated] : {std::pair{order[k].second, first_treated}, std::pair{order[k + 1].second, !first_treated}}) {
                const int arm = treated ? 1 : 0;
                cluster_arm_[c] = {static_cast<std::uint8_t>(arm), static_cast<std::uint32_t>(r_.units[arm]++)};
            }
        }
        if (order.size() % 2 == 1) {
            const int arm = stream_uniform(rng::place_subject(pair_kind, pairs_++), 0) < 0.5 ? 1 : 0;
            cluster_arm_[order.back().second] = {static_cast<std::uint8_t>(arm), static_cast<std::uint32_t>(r_.units[arm]++)};
        }
    }

    void recruit(int week) {
        if (d_.unit != Unit::person) {
            if (week == 0) randomise_clusters(week);
            for (const auto v : candidates()) {
                const auto at = cluster_arm_.find(cluster_of(v));
                if (at != cluster_arm_.end()) add(v, at->second.first, at->second.second, week);
            }
            return;
        }
        // One waiting from last week who has since left the cohort is not randomised.
        if (waiting_ && (w_.pop.states[*waiting_] & state::gone || w_.pop.generation[*waiting_] != waiting_generation_))
            waiting_.reset();
        for (const auto v : candidates()) {
            if (waiting_ && v == *waiting_) continue;  // recruited last week, waiting for a pair
            if (!wanted_more(static_cast<int>(r_.outcome.size()) + (waiting_ ? 1 : 0))) break;
            randomise_person(v, week);
            if (waiting_) waiting_generation_ = w_.pop.generation[*waiting_];
        }
        if (waiting_ && week + 1 == d_.recruitment_weeks) {
            const int arm = stream_uniform(rng::place_subject(pair_kind, pairs_++), 0) < 0.5 ? 1 : 0;
            add(*waiting_, arm, static_cast<std::uint32_t>(r_.units[arm]++), week);
            waiting_.reset();
        }
    }

    bool outcome_event(const Event& e) const {
        switch (d_.outcome) {
            case Outcome::arrest: return e.type == EventType::arrest;
            case Outcome::victimisation: return e.type == EventType::victimisation;
            case Outcome::knife_admission:
                return e.type == EventType::hospital_admission && (e.flags & incident_flag::knife) != 0;
            case Outcome::exclusion: return e.type == EventType::permanent_exclusion;
            case Outcome::exploitation: return e.type == EventType::exploitation_started;
            case Outcome::violent_offending: return false;  // from last_offence: every offender of an incident
        }
        return false;
    }

    bool following(std::size_t k, int week) const {
        const auto v = slot_[k];
        return recruited_[k] < week && week <= recruited_[k] + d_.follow_up_weeks &&
               generation_[k] == w_.pop.generation[v] && !(w_.pop.states[v] & state::gone);
    }

    // The week's outcomes of the participants in their follow-up window, while in the cohort.
    void follow(int week) {
        for (const Event& e : m_.events()) {
            if (e.agent == no_agent || !outcome_event(e) || !is_participant(e.agent)) continue;
            const auto k = static_cast<std::size_t>(participant_of_[e.agent]);
            if (following(k, week)) r_.outcome[k] = 1;
        }
        const auto intervention = static_cast<std::uint8_t>(d_.intervention + 1);
        for (std::size_t k = 0; k < slot_.size(); ++k) {
            if (!following(k, week)) continue;
            const auto v = slot_[k];
            if (d_.outcome == Outcome::violent_offending && w_.pop.last_offence[v] == w_.now()) r_.outcome[k] = 1;
            if (r_.arm[k] == 0 && w_.pop.programme[v] == intervention && taking_part(w_.pop, v, w_.week))
                contaminated_[k] = 1;
        }
    }

    Model& m_;
    World& w_;
    const Design& d_;
    const InterventionSpec& in_;
    const Reach reach_;
    Record r_;
    std::vector<std::int32_t> participant_of_;  // slot -> participant (of the slot's occupant then: see generation_)
    std::vector<std::uint16_t> generation_;     // per participant
    std::vector<std::uint32_t> slot_;
    std::vector<int> recruited_;                // reported week of randomisation
    std::vector<std::uint8_t> contaminated_;
    std::map<std::uint32_t, std::pair<std::uint8_t, std::uint32_t>> cluster_arm_;  // cluster -> arm, place in arm
    std::optional<std::uint32_t> waiting_;      // a recruit waiting for a pair
    std::uint16_t waiting_generation_ = 0;
    std::uint32_t pairs_ = 0;
};

}  // namespace

Parameters trial_parameters(const Parameters& scenario, const Design& design) {
    Parameters p = scenario;
    auto& in = p.programme.interventions.at(design.intervention);
    in.enabled = true;
    in.places_per_year = 0;
    in.adult_places_per_year = 0;
    in.budget_per_year = 0;
    p.run.weeks = design.recruitment_weeks + design.follow_up_weeks;
    return p;
}

Record simulate_trial(const Parameters& p, const Design& design, int replicate, SettledStore* store,
                      const std::function<void(int weeks_done)>& on_week) {
    if (design.intervention >= p.programme.interventions.size())
        throw std::invalid_argument("trial: the intervention is not in the scenario's programme");
    if (p.run.weeks < design.recruitment_weeks + design.follow_up_weeks)
        throw std::invalid_argument("trial: the run is shorter than recruitment and follow-up (use trial_parameters)");
    const RunPlan plan{0, replicate, p.run.seed};
    int weeks_done = 0;
    auto advance = [&](int weeks) {
        check_not_cancelled();
        weeks_done += weeks;
        if (on_week) on_week(weeks_done);
    };
    SettledState settled = settle_burn_in(p, plan, store, advance);
    Model model(p, plan, std::move(settled));
    Trial trial(model, design);
    for (int week = 0; week < design.recruitment_weeks + design.follow_up_weeks; ++week) {
        model.step();
        trial.after_week(week);
        advance(1);
    }
    return trial.take();
}

std::optional<TrialData> first_units(const Record& record, int n) {
    if (n <= 0 || record.units[0] < n || record.units[1] < n) return std::nullopt;
    TrialData data;
    const bool clustered = !record.cluster.empty();
    for (std::size_t k = 0; k < record.outcome.size(); ++k) {
        if (record.unit_in_arm[k] >= static_cast<std::uint32_t>(n)) continue;
        data.outcome.push_back(record.outcome[k]);
        data.arm.push_back(record.arm[k]);
        if (clustered) data.cluster.push_back(record.cluster[k]);
    }
    return data;
}

}  // namespace vrusim::trial
