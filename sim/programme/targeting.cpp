#include "targeting.hpp"

#include "../phases.hpp"
#include "../rates.hpp"

namespace vrusim {

Reach decode_reach(const Parameters& p, const InterventionSpec& in) {
    Reach c;
    for (const auto& t : trigger_names)
        if (t.name == in.trigger) c.moment = t.moment;
    for (std::size_t a = 0; a < p.population.areas.size(); ++a)
        if (p.population.areas[a].name == in.area) c.area = static_cast<int>(a);
    for (const auto& st : required_state_names)
        if (st.name == in.requires_state) c.required_state = st.bits;
    for (const auto& t : required_trait_names)
        if (t.name == in.requires_trait) {
            c.required_trait = t.bits;
            c.trait_lacking = t.lacking;
        }
    for (const auto& r : recent_event_names)
        if (r.name == in.recent_event) c.recent = r.last;
    c.sex = in.sex == "male" ? 1 : (in.sex == "female" ? 2 : 0);
    c.knife_only = in.requires_knife;
    c.highest_risk = in.allocation == "highest_risk";
    c.protective = in.adds_protective == "trusted_adult" ? trait::trusted_adult
                   : in.adds_protective == "sport"       ? trait::sport
                                                         : std::uint16_t{0};
    return c;
}

bool at_moment(const World& w, const Reach& c, const Event& e) {
    if (e.agent == no_agent) return false;
    bool kind = false;
    switch (c.moment) {
        case Moment::suspension: kind = e.type == EventType::suspension; break;
        case Moment::permanent_exclusion: kind = e.type == EventType::permanent_exclusion; break;
        case Moment::ae_attendance: kind = e.type == EventType::ae_attendance; break;
        case Moment::arrest: kind = e.type == EventType::arrest; break;
        case Moment::custody: kind = e.type == EventType::custody; break;
        case Moment::parent_imprisonment: kind = e.type == EventType::parent_imprisoned; break;
        case Moment::safeguarding_referral: kind = e.type == EventType::safeguarding_referral; break;
        case Moment::nrm_referral:
            kind = e.type == EventType::safeguarding_referral && (e.flags & incident_flag::nrm) != 0;
            break;
        case Moment::line_closure:
            kind = (e.type == EventType::arrest || e.type == EventType::safeguarding_referral) &&
                   (e.flags & incident_flag::at_closure) != 0;
            break;
        case Moment::community:
        case Moment::hot_places: return false;
    }
    return kind &&
           (!c.knife_only || (e.flags & incident_flag::knife) != 0 || (w.pop.states[e.agent] & state::carrying) != 0);
}

double risk_score(const World& w, std::uint32_t v) {
    const int age = w.pop.age_weeks[v] / weeks_per_year;
    const double reference = w.rates.offending_base_weekly * w.trend_rr * w.rates.age_rr[age];
    return reference > 0 ? offending_hazard(w, v) / reference : 0.0;
}

bool eligible(const World& w, const InterventionSpec& in, const Reach& c, std::uint32_t v) {
    const auto& pop = w.pop;
    const auto s = pop.states[v];
    if (s & state::gone || taking_part(pop, v, w.week)) return false;
    const int age = pop.age_weeks[v] / weeks_per_year;
    if (age < in.age_min || age > in.age_max) return false;
    if (c.area >= 0 && pop.area[v] != c.area) return false;
    const bool male = (pop.traits[v] & trait::male) != 0;
    if ((c.sex == 1 && !male) || (c.sex == 2 && male)) return false;
    if (c.required_state != 0 && (s & c.required_state) == 0) return false;
    if (c.required_trait != 0 && ((pop.traits[v] & c.required_trait) != 0) == c.trait_lacking) return false;
    if (c.recent && ((pop.*c.recent).empty() || weeks_since((pop.*c.recent)[v], w.week) >= in.recent_weeks))
        return false;  // the county-lines columns are empty with county lines off: never approached
    if (in.min_deprivation > 0 && w.layout.neighbourhood_deprivation[pop.neighbourhood[v]] < in.min_deprivation)
        return false;
    return !(in.min_risk > 0) || risk_score(w, v) >= in.min_risk;
}

}  // namespace vrusim
