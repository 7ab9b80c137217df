"""Forms of the interventions pages, by topic."""
