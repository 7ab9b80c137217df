"""A volunteer's own pages: their sessions, circles, tasks, hours and expenses, for a
volunteer with an account (the staff site, /volunteering/mine/) and for a person on
probation who volunteers (their app, /my/volunteering/). ``who`` says which; ``pages`` serves
both with the same reads (``selectors``), forms and services."""
