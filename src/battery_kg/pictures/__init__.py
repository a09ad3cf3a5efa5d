"""Pictures of the supply chain: the networkx projection and its export formats, the explorer page, the map's base layer and layout, the plant records they read, and the capacity chart."""
