"""The supply chain as a network: what fails with what (impact), what the chain rests on (rank), and the paths between two entities."""
