"""Every field of every model is classified, so none escapes the data-handling rules."""

from django.apps import apps

from mydirection.classification import CLASSIFIED_APPS, REGISTRY


def _stored_fields() -> dict[str, set[str]]:
    found = {}
    for app_label in CLASSIFIED_APPS:
        for model in apps.get_app_config(app_label).get_models():
            names = {
                field.name
                for field in model._meta.get_fields()
                if field.concrete or field.many_to_many
                if not (field.auto_created and not field.concrete)
            }
            found[model._meta.label] = names
    return found


def test_every_field_is_classified() -> None:
    unclassified = {
        label: sorted(names - set(REGISTRY.get(label, {})))
        for label, names in _stored_fields().items()
        if names - set(REGISTRY.get(label, {}))
    }
    assert not unclassified, (
        f"Classify these fields in mydirection/classification.py: {unclassified}"
    )


def test_the_registry_names_no_field_that_does_not_exist() -> None:
    stored = _stored_fields()
    stale = {
        label: sorted(set(fields) - stored.get(label, set()))
        for label, fields in REGISTRY.items()
        if set(fields) - stored.get(label, set())
    }
    assert not stale, stale
