"""Volunteering as the person on probation's record and app show it: the case manager's panel
on the Interventions tab (the pathway, readiness, putting them forward, a peer mentor, a
circle) and the focus person's own circle in their app."""
