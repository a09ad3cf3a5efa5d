"""What may reach the network, and how: the per-thread sandbox that walls queries off from files and hosts, and the one HTTP client (no redirects, credentials never printed)."""
