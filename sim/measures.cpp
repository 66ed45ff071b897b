#include "measures.hpp"

#include <numeric>

namespace vrusim {

namespace {
constexpr auto flow = MeasureKind::flow;
constexpr auto stock = MeasureKind::stock;

// In enum order; a static_assert below keeps the two in step.
constexpr MeasureInfo infos[] = {
    {"hospital_admissions_knife_assault_u25", flow, "admissions/week",
     "Hospital admissions for assault with a knife or sharp object, victim under 25 (Home Office measure)"},
    {"hospital_admissions_knife_assault_u25_male", flow, "admissions/week",
     "Hospital admissions for knife assault of male victims (subset of hospital_admissions_knife_assault_u25)"},
    {"recorded_knife_assaults_u25", flow, "offences/week",
     "Police-recorded knife-enabled violent offences, victim under 25 (Home Office measure)"},
    {"knife_homicides_u25", flow, "homicides/week",
     "Homicides by knife or sharp object, victim under 25, non-domestic (Home Office measure)"},
    {"hospital_admissions_knife_assault_u25_expected", flow, "admissions/week",
     "Expected hospital admissions for knife assault, victim under 25: the sum over knife victimisations of the "
     "chance of admission (same mean as the count, less noise; use it to compare plans)", true, expected_per_count},
    {"recorded_knife_assaults_u25_expected", flow, "offences/week",
     "Expected police-recorded knife offences, victim under 25: the sum over knife victimisations of the chance "
     "of recording", true, expected_per_count},
    {"knife_homicides_u25_expected", flow, "homicides/week",
     "Expected knife homicides, victim under 25: the sum over knife victimisations of the chance of death",
     true, expected_per_count},
    {"violent_incidents", flow, "incidents/week", "Violent incidents initiated by a person in the cell (offender's cell)"},
    {"knife_incidents", flow, "incidents/week", "Violent incidents in which a knife was used or threatened (offender's cell)"},
    {"victimisations", flow, "victimisations/week", "People in the cell victimised by violence"},
    {"victimisations_male", flow, "victimisations/week", "Male victims of violence (subset of victimisations)"},
    {"knife_victimisations", flow, "victimisations/week",
     "People in the cell victimised by violence in which a knife was used or threatened (victim's cell)"},
    {"knife_victimisations_male", flow, "victimisations/week", "Male victims of knife violence (subset of knife_victimisations)"},
    {"injuries", flow, "injuries/week", "Victims in the cell injured"},
    {"ae_attendances", flow, "attendances/week", "A&E attendances of injured victims in the cell"},
    {"ae_attendances_male", flow, "attendances/week", "A&E attendances after violence of males (subset of ae_attendances)"},
    {"recorded_violent_offences", flow, "offences/week", "Violent offences recorded by the police (offender's cell)"},
    {"arrests", flow, "arrests/week",
     "Arrests of people in the cell (each also a detention in police custody): for violence, and county-lines arrests of runners"},
    {"custody_entries", flow, "people/week", "People in the cell remanded or sentenced to custody"},
    {"first_time_entrants", flow, "people/week",
     "People receiving a first caution or conviction (first-time entrants to the justice system)"},
    {"suspensions", flow, "suspensions/week", "School suspensions of pupils in the cell"},
    {"permanent_exclusions", flow, "exclusions/week", "Permanent exclusions from school of pupils in the cell"},
    {"parent_imprisonments", flow, "people/week", "People in the cell whose parent was sent to prison"},
    {"entrants", flow, "people/week", "People entering the population: at 10, or moving into the area at an older age"},
    {"leavers", flow, "people/week", "People leaving the population: at 25, moving away, or killed"},
    {"weapon_carrying", stock, "people", "People carrying a knife or other weapon at the end of the week"},
    {"weapon_carrying_past_year", stock, "people", "People who carried a weapon at any time in the last 52 weeks"},
    {"weapon_carrying_past_year_male", stock, "people", "Males of weapon_carrying_past_year"},
    {"victimised_past_year", stock, "people", "People victimised by violence at any time in the last 52 weeks"},
    {"repeat_victimised_past_year", stock, "people",
     "People victimised by violence in two or more different weeks of the last 52 (repeat victims)"},
    {"injured_past_year", stock, "people", "People injured by violence at any time in the last 52 weeks"},
    {"offended_past_year", stock, "people", "People who committed violence at any time in the last 52 weeks"},
    {"offended_and_victimised_past_year", stock, "people",
     "People who both committed violence and were victimised by violence in the last 52 weeks (victim-offender overlap)"},
    {"neet", stock, "people", "People not in education, employment or training at the end of the week"},
    {"excluded", stock, "people", "People of school age who have been permanently excluded"},
    {"under_peer_influence", stock, "people", "People under violent peer influence at the end of the week"},
    {"parent_in_prison", stock, "people", "People with a parent in prison at the end of the week"},
    {"parent_in_prison_past_year", stock, "people", "People who had a parent in prison at any time in the last 52 weeks"},
    {"in_custody", stock, "people",
     "People remanded or sentenced to custody (youth custody or prison) at the end of the week"},
    {"population", stock, "people", "People in the cell at the end of the week"},
    {"exploitation_approaches", flow, "approaches/week",
     "People in the cell asked to sell, move or store drugs, weapons or money (by line members or in the street)"},
    {"exploitation_starts", flow, "people/week", "People who complied and began being exploited (in a line or outside one)"},
    {"re_exploitations", flow, "people/week", "Exploitation starts of people exploited before (subset of exploitation_starts)"},
    {"criminally_exploited", stock, "people",
     "People criminally exploited at the end of the week, at any age: line runners, and those exploited outside a line"},
    {"children_criminally_exploited", stock, "people",
     "Children (under 18) criminally exploited at the end of the week; the 18-24 band is always 0"},
    {"criminally_exploited_ever", stock, "people", "People in the cell who have ever been criminally exploited"},
    {"approached_past_year", stock, "people", "People asked to move drugs or weapons at any time in the last 52 weeks"},
    {"exploited_past_year", stock, "people", "People who began being exploited (complied) in the last 52 weeks"},
    {"county_lines_runners", stock, "people", "People running for a county line at the end of the week"},
    {"runners_arrested", flow, "arrests/week", "Arrests of county-line runners (routine, and when a line is closed)"},
    {"runners_safeguarded", flow, "referrals/week",
     "Exploited young people identified and referred to safeguarding (MASH), line runners or not"},
    {"nrm_referrals", flow, "referrals/week", "Referrals to the National Referral Mechanism (subset of runners_safeguarded)"},
    {"missing_episodes", flow, "episodes/week", "Missing episodes of people in the cell"},
    {"drug_market_violent_incidents", flow, "incidents/week",
     "Violent incidents in drug markets (robbery or taxing of runners, rivalry, punishment), victim's cell"},
    {"county_lines_knife_incidents", flow, "incidents/week", "Drug-market incidents in which a knife was used, victim's cell"},
    {"active_county_lines", stock, "lines", "County lines trading (active or disrupted) at the end of the week, by market area", false},
    {"county_lines_opened", flow, "lines/week", "New county lines forming, by market area", false},
    {"county_lines_closed", flow, "lines/week", "County lines closed (holder charged, or the line folded), by market area", false},
    {"closure_arrests", flow, "arrests/week",
     "Arrests when lines were closed: holders, resident and external runners, by market area", false},
    {"closure_referrals", flow, "referrals/week",
     "Safeguarding referrals when lines were closed: runners and cuckooed adults, by market area", false},
    {"cuckooed_homes", stock, "homes", "Homes of vulnerable adults used as trap houses at the end of the week, by area", false},
    {"programme_offers", flow, "offers/week", "Places in the programme's interventions offered to people in the cell"},
    {"programme_starts", flow, "people/week", "People who started one of the programme's interventions"},
    {"in_programme", stock, "people", "People taking part in one of the programme's interventions at the end of the week"},
};
static_assert(std::size(infos) == measure_count, "every Measure needs a row in infos");

// Nodes of a verification network have no age: all in the first band, one area ("network").
constexpr MeasureInfo verification_infos[] = {
    {"susceptible", stock, "nodes", "Nodes susceptible at the end of the week (verification mode)", false},
    {"infected", stock, "nodes", "Nodes infected at the end of the week (verification mode)", false},
    {"recovered", stock, "nodes",
     "Nodes recovered for good (resistant) at the end of the week; 0 in SIS (verification mode)", false},
    {"new_infections", flow, "nodes/week", "Nodes infected during the week (verification mode)", false},
};
static_assert(std::size(verification_infos) == verification_measure_count,
              "every VerificationMeasure needs a row in verification_infos");
}  // namespace

std::span<const MeasureInfo> measure_info() { return infos; }

const MeasureInfo& info(Measure m) { return infos[static_cast<int>(m)]; }

std::optional<Measure> measure_named(std::string_view name) {
    for (int m = 0; m < measure_count; ++m)
        if (infos[m].name == name) return static_cast<Measure>(m);
    return std::nullopt;
}

std::span<const MeasureInfo> measure_info(MeasureSet set) {
    return set == MeasureSet::verification ? std::span<const MeasureInfo>(verification_infos) : infos;
}

std::string_view measure_set_name(MeasureSet set) { return set == MeasureSet::verification ? "verification" : "model"; }

MeasureCube::MeasureCube(int weeks, int areas, MeasureSet set)
    : weeks_(weeks), areas_(areas), set_(set),
      data_(measure_info(set).size() * weeks * areas * age_band_count, 0) {}

std::span<const MeasureCount> MeasureCube::measure(int m) const {
    const std::size_t per_measure = static_cast<std::size_t>(weeks_) * areas_ * age_band_count;
    return std::span<const MeasureCount>(data_).subspan(static_cast<std::size_t>(m) * per_measure, per_measure);
}

std::uint64_t MeasureCube::total(Measure m, int first_week, int last_week) const {
    const auto cells = measure(m);
    const std::size_t per_week = static_cast<std::size_t>(areas_) * age_band_count;
    return std::accumulate(cells.begin() + first_week * per_week, cells.begin() + last_week * per_week,
                           std::uint64_t{0});
}

}  // namespace vrusim
