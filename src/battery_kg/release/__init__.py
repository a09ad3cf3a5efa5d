"""The main job and what it ships: build (check and write every artefact), publish (a versioned, atomically replaced release) and the ontology's documentation pages."""
