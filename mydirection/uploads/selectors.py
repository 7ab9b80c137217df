"""Reading stored files: only ever through the person they belong to."""

from uuid import UUID

from mydirection.people.models import Person
from mydirection.uploads.models import Purpose, StoredFile


def file_of(person: Person, file_id: UUID, *, purpose: Purpose | None = None) -> StoredFile | None:
    """The person's stored file with this id (of this purpose, if given); None for anyone
    else's, so that a page answers 404 as for a file that does not exist."""
    files = StoredFile.objects.filter(person=person, pk=file_id)
    if purpose is not None:
        files = files.filter(purpose=purpose)
    return files.first()
