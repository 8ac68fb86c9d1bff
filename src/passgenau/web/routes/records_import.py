"""Import from the browser (``/import``): an exchange document (``.json``), the CSV files
of a bundle, or the bundle as a ``.zip``. All or nothing, as on the command line: one bad
row and nothing is stored; the page lists every problem with its record and field.

The uploads are written to a temporary folder of their own and read by the same service
as ``passgenau import`` (``services.places.load_input`` + ``services.records``); only the
file's base name is kept, so an upload cannot write outside that folder.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Annotated

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import Response

from passgenau.domain.accounts import Role
from passgenau.domain.errors import InvalidInput, Problem
from passgenau.services.places import load_input, stored_gazetteer
from passgenau.services.records import import_dataset
from passgenau.web.deps import CsrfChecked, CurrentUser, UnitsOfWork, require
from passgenau.web.problems import german_problem
from passgenau.web.rendering import render

router = APIRouter()
#: Who may import records: the staff who keep them (management only looks).
IMPORTS_RECORDS = frozenset({Role.OFFICER, Role.ACQUISITION, Role.ADMIN})
MAX_BYTES = 50 * 1024 * 1024  # all files of one upload together
ENTITIES = (("employers", "Arbeitgeber"), ("vacancies", "Stellen"),
            ("candidates", "Bewerber:innen"), ("households", "Bedarfsgemeinschaften"))
WHAT = "Datensätze importieren"


@router.get("/import")
def import_page(request: Request, user: CurrentUser) -> Response:
    require(user, IMPORTS_RECORDS, WHAT)
    return render(request, "import.html", {"user": user, "summary": None, "problems": ()})


class _Refused(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def _base_name(name: str | None) -> str:
    """The file's own name, without any folder a browser or an archive put before it."""
    return PureWindowsPath(PurePosixPath(name or "").name).name


def _store(uploads: list[UploadFile], folder: Path) -> Path:
    """Write the uploads into ``folder``; the path to read: the JSON file or the folder."""
    total = 0
    jsons: list[Path] = []
    for upload in uploads:
        name = _base_name(upload.filename)
        data = upload.file.read(MAX_BYTES + 1 - total)
        total += len(data)
        if total > MAX_BYTES:
            raise _Refused(Problem(name, "", f"Die Dateien sind zusammen größer als "
                                              f"{MAX_BYTES // 1024 // 1024} MB."))
        suffix = Path(name).suffix.lower()
        if suffix == ".zip":
            _unzip(data, name, folder)
        elif suffix in (".json", ".csv"):
            (folder / name).write_bytes(data)
            if suffix == ".json":
                jsons.append(folder / name)
        elif name:
            raise _Refused(Problem(name, "", "Erwartet wird ein Austauschdokument (.json), "
                                             "CSV-Dateien (.csv) oder ein ZIP-Archiv."))
    if not any(folder.iterdir()):
        raise _Refused(Problem("Upload", "", "Bitte wählen Sie mindestens eine Datei aus."))
    if jsons:
        if len(jsons) > 1 or any(p.suffix.lower() == ".csv" for p in folder.iterdir()):
            raise _Refused(Problem("Upload", "", "Bitte laden Sie entweder ein "
                                                 "Austauschdokument oder CSV-Dateien hoch."))
        return jsons[0]
    return folder


def _unzip(data: bytes, name: str, folder: Path) -> None:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.infolist():
                inner = _base_name(member.filename)
                if member.is_dir() or not inner.lower().endswith(".csv"):
                    continue
                if member.file_size > MAX_BYTES:
                    raise _Refused(Problem(f"{name}: {inner}", "", "Die Datei ist zu groß."))
                (folder / inner).write_bytes(archive.read(member))
    except zipfile.BadZipFile:
        raise _Refused(Problem(name, "", "Das ZIP-Archiv ist beschädigt.")) from None


@router.post("/import", dependencies=[CsrfChecked])
def import_upload(
    request: Request, user: CurrentUser, units: UnitsOfWork,
    dateien: Annotated[list[UploadFile], File()],
) -> Response:
    require(user, IMPORTS_RECORDS, WHAT)
    problems: tuple[Problem, ...]
    try:
        with tempfile.TemporaryDirectory(prefix="passgenau-import-") as temporary:
            source = _store(dateien, Path(temporary))
            dataset = load_input(source, partial=True,  # places: shipped and imported
                                 places=lambda: stored_gazetteer(units()))
            summary = import_dataset(units(), dataset)
    except _Refused as refused:
        problems = (refused.problem,)
    except InvalidInput as invalid:
        problems = tuple(Problem(_shown(p.where, source_dir=temporary), p.field,
                                 german_problem(p.message)) for p in invalid.problems)
    else:
        return render(request, "import.html", {
            "user": user, "summary": summary, "problems": (), "entities": ENTITIES})
    return render(request, "import.html", {"user": user, "summary": None,
                                           "problems": problems}, status_code=400)


def _shown(where: str, source_dir: str) -> str:
    """A record's place without the temporary folder's path."""
    return where.replace(source_dir + "/", "").replace(source_dir, "Upload")
