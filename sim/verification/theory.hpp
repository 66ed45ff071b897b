#pragma once
/// What theory says the verification mode should give (docs/model.md, section 8.5): the per-tie
/// transmissibility of the model's timing, the bond-percolation final size of an SIR outbreak on an
/// Erdos-Renyi graph, and the mean-field endemic level of SIS.
namespace vrusim::verification {

/// Weekly chance that an infected node's spell ends: 1 / duration_mean_weeks (1 if the mean is at most 1).
double weekly_recovery(double duration_mean_weeks);

/// T = 1 - E[(1 - p)^L] = p / (p + q - p q): the chance that an infected node infects a given
/// susceptible neighbour before its spell ends, where L >= 1, the weeks in which the node is
/// infectious in the snapshot, is geometric with weekly end q = weekly_recovery(duration).
double transmissibility(double p_per_tie_week, double duration_mean_weeks);

/// The share S > 0 infected by a large SIR outbreak on an Erdos-Renyi graph of mean degree c in
/// the limit of many nodes: S = 1 - exp(-c T S) (Newman 2002); 0 if c T <= 1.
double percolation_final_size(double mean_degree, double transmissibility);

/// The endemic share i of SIS in the homogeneous mean-field approximation of the model's
/// discrete weekly update: r i = (1 - i) (1 - (1 - p)^(c i)), r the weekly recovery; 0 if none.
double sis_mean_field_prevalence(double mean_degree, double p_per_tie_week, double duration_mean_weeks);

/// The same in the heterogeneous (degree-based) mean field for the Poisson(c) degrees of an
/// Erdos-Renyi graph, neighbours independent: a node of degree k has r i_k = (1 - i_k) (1 - (1 -
/// p theta)^k), theta the chance that a neighbour is infected (degree-weighted: sum of k pi_k i_k
/// / c); returns the mean of i_k. Above threshold it lies a little below the homogeneous value
/// (the chance of infection is concave in the number of infected neighbours).
double sis_degree_mean_field_prevalence(double mean_degree, double p_per_tie_week, double duration_mean_weeks);

}  // namespace vrusim::verification
