"""Giving a stored file to someone the access policy let in: ``response``.

The caller decides who may have the file (``person_for``, ``referral_for``, the person's own
app) before it calls ``response``; the response is then made so that a file, whatever is in
it, can do nothing in the browser: its own type and no sniffing, no caching, a policy that
runs nothing (``sandbox``) and loads nothing but the image itself, PDFs downloaded rather than
opened in the page.
"""

import logging

from csp.constants import HEADER as CSP_HEADER
from django.http import FileResponse, Http404

from mydirection.access.actor import Actor, PersonActor
from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.uploads import disk, files
from mydirection.uploads.models import Purpose, StoredFile

logger = logging.getLogger(__name__)

# The file's own Content-Security-Policy. django-csp's middleware leaves a header the response
# already has (it would write the site's policy only where there is none), so this one is
# what the browser gets: tests/test_serving.py checks it through the whole middleware.
FILE_POLICY = "default-src 'none'; img-src 'self'; sandbox; frame-ancestors 'none'"


def _served_to(actor: Actor, stored: StoredFile) -> bool:
    """A person in their app gets only their own files (the caller's check, made again)."""
    if isinstance(actor, PersonActor):
        mine = stored.person_id or stored.uploaded_by_person_id
        return bool(mine == actor.person.pk)
    return True


def response(*, actor: Actor, stored: StoredFile, what: str) -> FileResponse:
    """The stored file, streamed, logged in the access log as a consultation (``what`` names
    it there, as in ``person_for``; the details hold the file's id, never its name).

    Images are shown in the browser (inline), PDFs downloaded (attachment), under a plain
    ASCII name with the extension of what the file really is. A file missing from the private
    directory is a 404, with a warning in the server log.
    """
    if not _served_to(actor, stored):
        raise Http404
    kind = files.Kind(stored.content_type)
    try:
        opened = disk.open_file(stored.storage_name)
    except FileNotFoundError as missing:
        logger.warning("Stored file %s is missing from the private directory", stored.pk)
        raise Http404 from missing
    try:
        record(
            actor=actor,
            operation=Operation.CONSULT,
            what=what,
            subject_id=stored.person_id,
            details={"file": str(stored.pk)},
        )
    except BaseException:
        opened.close()
        raise
    fallback = Purpose(stored.purpose).label.lower().replace(" ", "-")
    served = FileResponse(
        opened,
        as_attachment=not kind.is_image,
        filename=files.download_name(stored.original_name, kind, fallback),
        content_type=kind.content_type,
    )
    served["X-Content-Type-Options"] = "nosniff"
    served["Cache-Control"] = "private, no-store"
    served["Cross-Origin-Resource-Policy"] = "same-origin"
    served[CSP_HEADER] = FILE_POLICY
    return served
