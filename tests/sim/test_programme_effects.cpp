// What taking part changes beyond offending (sim/programme/interventions.hpp; docs/model.md 7.14):
// peer influence, identification of the exploited, and an effect that builds up over the stay.
#include <catch2/catch.hpp>

#include "programme_fixture.hpp"
#include "sim/programme/interventions.hpp"

using namespace vrusim;
using vrusim::testing::programme_sample;
using vrusim::testing::run_into_report;

namespace {

// Everyone aged 10-24 offered a place in the first reported week, all taking it, for long stays.
InterventionSpec everyone() {
    InterventionSpec in;
    in.name = "everyone";
    in.places_per_year = 1e8;
    in.end_week = 1;
    in.duration_weeks = 520;
    return in;
}

}  // namespace

TEST_CASE("programme effects: rr_peer_influence 0 keeps participants from coming under violent peer influence") {
    // Over 8 weeks, among participants no one comes under influence; among the rest (the
    // intervention's ages exclude 10-12s) some do, so the count can fail.
    Parameters p = programme_sample();
    InterventionSpec in = everyone();
    in.age_min = 13;
    in.rr_peer_influence = 0;
    p.programme.interventions = {in};
    Model m(p, RunPlan{0, 0, p.run.seed});
    run_into_report(m, p, 1);
    const auto& pop = m.population();
    int participants_influenced = 0, others_influenced = 0;
    for (int week = 0; week < 8; ++week) {
        std::vector<std::uint16_t> before = pop.states;
        m.step();
        for (std::uint32_t v = 0; v < pop.size(); ++v) {
            if (!(pop.states[v] & state::influenced) || (before[v] & state::influenced) || pop.states[v] & state::gone)
                continue;
            (taking_part(pop, v, m.world().week) ? participants_influenced : others_influenced) += 1;
        }
    }
    CHECK(participants_influenced == 0);
    CHECK(others_influenced > 20);
}

TEST_CASE("programme effects: rr_identification 0 keeps exploited participants from being identified") {
    // Everyone is a participant with identification prevented: over 26 weeks no participant is
    // referred; the same run without the effect refers some.
    auto referrals_of_participants = [](double rr) {
        Parameters p = programme_sample();
        InterventionSpec in = everyone();
        in.rr_identification = rr;
        p.programme.interventions = {in};
        Model m(p, RunPlan{0, 0, p.run.seed});
        run_into_report(m, p, 1);
        int referred = 0;
        for (int week = 0; week < 26; ++week) {
            m.step();
            for (const Event& e : m.events())
                referred += e.type == EventType::safeguarding_referral && e.agent != no_agent &&
                            taking_part(m.population(), e.agent, m.world().week);
        }
        return referred;
    };
    CHECK(referrals_of_participants(0) == 0);
    CHECK(referrals_of_participants(1) > 5);
}

TEST_CASE("programme effects: an effect with an onset builds up evenly over the stay's first weeks, and what it reached fades") {
    // rr 0.4 over an onset of 10 weeks: in the stay's t-th week 1 - 0.6 min(1, t / 10); after a
    // stay of s weeks it fades from 1 - 0.6 min(1, s / 10) with the decay.
    Parameters p = programme_sample();
    InterventionSpec in = everyone();
    in.rr_offending = 0.4;
    in.onset_weeks = 10;
    in.decay_weeks = 8;
    in.duration_weeks = 6;
    p.programme.interventions = {in};
    Model m(p, RunPlan{0, 0, p.run.seed});
    run_into_report(m, p, 1);
    const World& w = m.world();
    const auto& pop = m.population();
    const int offered = w.week;
    int checked_in = 0, checked_after = 0;
    for (int week = 0; week < 30; ++week) {
        m.step();
        for (std::uint32_t v = 0; v < pop.size(); ++v) {
            if (pop.programme[v] != 1 || pop.states[v] & state::gone || pop.programme_from[v] != offered) continue;
            const double rr = programme_effect(w, v, Effect::offending);
            if (taking_part(pop, v, w.week)) {
                CHECK(rr == Approx(1 - 0.6 * std::min(1.0, (w.week - offered) / 10.0)));
                ++checked_in;
            } else {
                const int stay = pop.programme_until[v] - offered - 1;
                const int since = w.week - pop.programme_until[v];
                CHECK(rr == Approx(1 - 0.6 * std::min(1.0, stay / 10.0) * std::exp(-since / 8.0)));
                ++checked_after;
            }
        }
    }
    CHECK(checked_in > 1000);
    CHECK(checked_after > 1000);
}
