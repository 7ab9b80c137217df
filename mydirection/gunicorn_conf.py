"""gunicorn's settings for MyDirection: ``gunicorn -c python:mydirection.gunicorn_conf``, which
``mydirection serve`` runs. gunicorn reads this module's names; they come from the environment
(see ``mydirection.serving``)."""

from mydirection.serving import options

globals().update(options())
