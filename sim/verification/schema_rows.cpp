// The scenario schema's rows for the verification mode (see ../schema_rows.cpp and docs/model.md 8.5).
#include "../schema_rows.hpp"

namespace vrusim::schema_rows {

void append_verification_rows(SchemaTables& t) {
    const std::vector<Field> rows = {
        VRUSIM_FIELD(verification, enabled, "", unbounded, unbounded,
                     "Run the verification mode instead of the model (population and other sections are ignored)",
                     "run setting"),
        VRUSIM_FIELD(verification, network, "", unbounded, unbounded,
                     "Network to run on: erdos_renyi, watts_strogatz or edge_list", "run setting"),
        // Node ids are 32-bit; the cap keeps a replicate's network within a few GB.
        VRUSIM_FIELD(verification, nodes, "nodes", 2, 100000000,
                     "Nodes of the network (for edge_list, ids run from 0 to nodes - 1)", "run setting"),
        VRUSIM_FIELD(verification, mean_degree, "ties per node", 0, 1000,
                     "Erdos-Renyi: mean degree c (tie probability c / (nodes - 1)); Watts-Strogatz: ring neighbours "
                     "k, an even whole number", "run setting"),
        VRUSIM_FIELD(verification, rewiring, "probability", 0, 1,
                     "Watts-Strogatz: probability that each ring tie is rewired to a random node", "run setting"),
        VRUSIM_FIELD(verification, edge_list, "", unbounded, unbounded,
                     "edge_list: CSV file of ties 'u,v' (0-based node ids), relative to the scenario file that "
                     "sets it", "run setting"),
        VRUSIM_FIELD(verification, initial_infected, "nodes", 1, 100000000,
                     "Nodes infected when the run starts (distinct, chosen at random)", "run setting"),
    };
    t.fields.insert(t.fields.end(), rows.begin(), rows.end());
}

}  // namespace vrusim::schema_rows
